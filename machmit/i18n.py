"""Which pages speak which languages (see docs/architecture.md, "Languages")."""


def newcomer_languages(view):
    """Mark a view as a public or newcomer page, shown in all seven languages.

    Every other page speaks only German and English; a visitor who chose one of the other languages
    sees it in English (``machmit.middleware.LanguageMiddleware``).
    """
    view.newcomer_languages = True
    return view
