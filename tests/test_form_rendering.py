"""Fields rendered by crispy-forms (Bootstrap 5) and the volunteers' own widgets: the markup that screen readers
and Bootstrap rely on."""

import re

import pytest
from django.template import engines
from django.utils import translation

from tests.factories import site
from volunteers.enums import Language
from volunteers.forms import VolunteerProfileForm

pytestmark = pytest.mark.django_db


def bound_form(**data):
    with translation.override("de"):
        form = VolunteerProfileForm({"first_name": "", "languages_de": "native", **data})
        form.is_valid()
    return form


def crispy_field(form, name: str) -> str:
    """The field as the pages render it."""
    template = engines["django"].from_string("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    with translation.override("de"):
        return re.sub(r"\s*\n\s*", "\n", template.render({"field": form[name]})).strip()


def test_field_with_error_is_marked_and_linked_to_its_message():
    form = bound_form(phone="123")

    html = crispy_field(form, "phone")

    assert '<label\nfor="id_phone" class="form-label">' in html
    assert re.search(r'<input type="text" name="phone" value="123"[^>]* aria-invalid="true"', html)
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert 'class="textinput form-control is-invalid"' in html
    assert '<div id="id_phone_error" class="invalid-feedback">' in html
    assert '<div id="id_phone_helptext" class="form-text">' in html


def test_required_field_shows_the_mark_and_a_valid_field_no_error():
    form = bound_form(last_name="Krüger")

    html = crispy_field(form, "last_name")

    assert '<span class="asteriskField">*</span>' in html
    assert "is-invalid" not in html
    assert "_error" not in html


def test_select_keeps_the_chosen_option_selected():
    form = bound_form(municipality="jork")

    html = crispy_field(form, "municipality")

    assert 'class="select form-select"' in html
    assert '<option value="jork" selected>Gemeinde Jork</option>' in html
    assert html.count(" selected") == 1


def test_checkbox_list_is_a_fieldset_with_one_labelled_input_per_choice():
    stade = site("stade")
    form = bound_form(sites=[str(stade.pk)])

    html = crispy_field(form, "sites")

    assert '<fieldset aria-describedby="id_sites_helptext">' in html
    inputs = re.findall(r'<input type="checkbox" class="form-check-input"  name="sites" value="(\d+)"([^>]*)>', html)
    assert [value for value, rest in inputs if "checked" in rest] == [str(stade.pk)]
    for _value, rest in inputs:
        input_id = re.search(r'id="(id_sites_\d)"', rest).group(1)
        assert f'<label for="{input_id}" class="form-check-label">' in html


def test_language_levels_widget_posts_per_language_and_shows_the_levels():
    form = bound_form(languages_ar="good", languages_xx="native")

    html = str(form["languages"])

    assert form.cleaned_data["languages"] == {"de": "native", "ar": "good"}
    assert '<select name="languages_ar" id="id_languages_ar" class="form-select">' in html
    assert '<label class="form-label" for="id_languages_ar">Arabisch</label>' in html
    assert html.count("<select ") == len(Language.values)
    assert "languages_xx" not in html
    assert len(re.findall(r'<option value="(?:native|good)" selected>', html)) == 2


def test_language_levels_widget_marks_every_select_invalid_on_a_tampered_level():
    form = bound_form(languages_de="perfect")

    html = str(form["languages"])

    assert form.errors["languages"] == ["Bitte wählen Sie jedes Niveau aus der Liste."]
    assert 'class="form-select is-invalid" aria-invalid="true"' in html
    assert "perfect" not in html


def test_language_levels_widget_speaks_the_interface_language():
    form = bound_form(languages_de="perfect", languages_en="good")

    with translation.override("en"):
        html = str(form["languages"])

    assert '<option value="good" selected>Good</option>' in html
    assert '<option value="good" selected>Gut</option>' not in html


def test_availability_table_has_a_labelled_checkbox_per_slot_with_the_chosen_ones_checked():
    form = bound_form(availability=["1-1", "5-0"])

    with translation.override("de"):
        html = str(form["availability"])

    slots = re.findall(r'<input class="form-check-input" type="checkbox" name="availability" value="(\d-\d)"', html)
    assert len(slots) == 21
    assert re.findall(r'value="(\d-\d)" id="id_availability_\d+" checked', html) == ["1-1", "5-0"]
    assert '<label class="visually-hidden" for="id_availability_4">Dienstag Nachmittag</label>' in html
