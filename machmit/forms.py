"""Form rendering every app uses: Bootstrap 5 markup, rendered by Jinja2.

Forms that set ``default_renderer = RENDERER`` render each field with ``{{ form.<name>.as_field_group }}``
through ``machmit/jinja2/machmit/forms/field.html`` and Django's Jinja2 widget templates (ours replace a few, in
``machmit/jinja2/django/forms/widgets/``). That is Django's form rendering API with Jinja2 in place of the
template language, about twice as fast as crispy-forms on the profile page (docs/architecture.md, "Forms").
Pages of allauth and /hilfe/ keep crispy-forms.
"""

from pathlib import Path

import django.forms
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, SelectMultiple
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property


class BootstrapBoundField(BoundField):
    """Gives each widget Bootstrap's class, and marks it invalid when the field has errors."""

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
        # Ours first: machmit/jinja2/django/forms/widgets/ replaces a few of Django's widget templates. The apps'
        # own widgets have theirs in <app>/jinja2/.
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
