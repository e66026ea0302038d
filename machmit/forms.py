"""Form rendering every app uses: Bootstrap 5 markup, rendered by Jinja2.

Forms that set ``default_renderer = RENDERER`` render each field with ``{{ form.<name>.as_field_group }}``
through ``machmit/jinja2/machmit/forms/field.html``, which writes the common widgets' markup itself and leaves
the others to Django's Jinja2 widget templates. That is Django's form rendering API with Jinja2 in place of the
template language, about three times as fast as crispy-forms on the profile page (docs/architecture.md, "Forms").
Pages of allauth and /hilfe/ keep crispy-forms.
"""

from pathlib import Path

import django.forms
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, SelectMultiple
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property

# Widgets whose markup field.html writes itself, by their template: Django's own markup, with the widget's
# context that Django builds, in one template per field instead of three or four (the widget's template, its
# includes of input.html and attrs.html). Any other widget renders its template.
INLINE_WIDGET_TEMPLATES = {
    **{
        f"django/forms/widgets/{kind}.html": "input"
        for kind in ("text", "email", "number", "tel", "url", "password", "checkbox")
    },
    "django/forms/widgets/textarea.html": "textarea",
    "django/forms/widgets/select.html": "select",
}


class BootstrapBoundField(BoundField):
    """Gives each widget Bootstrap's class, and marks it invalid when the field has errors."""

    @property
    def inline_widget(self) -> str:
        """The markup field.html writes for the widget itself: input, textarea or select; "" for the others."""
        return INLINE_WIDGET_TEMPLATES.get(self.field.widget.template_name, "")

    def widget_context(self) -> dict:
        """The context the widget's template would get (``Widget.get_context()["widget"]``), built as
        ``BoundField.as_widget`` builds it."""
        widget = self.field.widget
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        return widget.get_context(self.html_name, self.value(), attrs)["widget"]

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, CheckboxInput | CheckboxSelectMultiple | RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, Select | SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{widget.attrs['class']} {css}" if "class" in widget.attrs else css
        return attrs


class BootstrapRenderer(Jinja2):
    field_template_name = "machmit/forms/field.html"
    bound_field_class = BootstrapBoundField

    @cached_property
    def engine(self):
        # Ours (machmit/jinja2/), then Django's widget templates; the apps' own widgets have theirs in
        # <app>/jinja2/.
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(__file__).parent / "jinja2", Path(django.forms.__file__).parent / "jinja2"],
                "NAME": "machmit-forms",
                "OPTIONS": {},
            }
        )


# One instance for all forms: it holds the Jinja2 environment and its compiled templates.
RENDERER = BootstrapRenderer()
