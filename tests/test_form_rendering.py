"""machmit.forms.RENDERER and the volunteers' Jinja2 widgets: the markup that screen readers and Bootstrap rely on."""

import re

import pytest
from django.utils import translation

from tests.factories import site
from volunteers.enums import Language
from volunteers.forms import VolunteerProfileForm, level_options

pytestmark = pytest.mark.django_db


def bound_form(**data):
    with translation.override("de"):
        form = VolunteerProfileForm({"first_name": "", "languages_de": "native", **data})
        form.is_valid()
    return form


def test_field_with_error_is_marked_and_linked_to_its_message():
    form = bound_form(phone="123")

    html = form["phone"].as_field_group()

    assert '<label class="form-label" for="id_phone">' in html
    assert re.search(r'<input type="text" name="phone" value="123"[^>]* aria-invalid="true"', html)
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert 'class="form-control is-invalid"' in html
    assert '<div class="invalid-feedback d-block" id="id_phone_error">' in html
    assert '<div class="form-text" id="id_phone_helptext">' in html


def test_required_field_shows_the_mark_and_a_valid_field_no_error():
    form = bound_form(last_name="Krüger")

    html = form["last_name"].as_field_group()

    assert '<span class="asteriskField" aria-hidden="true">*</span>' in html
    assert "is-invalid" not in html
    assert "_error" not in html


def test_select_keeps_the_chosen_option_selected():
    form = bound_form(municipality="jork")

    html = form["municipality"].as_field_group()

    assert 'class="form-select"' in html
    assert '<option value="jork" selected>Gemeinde Jork</option>' in html
    assert html.count(" selected") == 1


def test_checkbox_list_is_a_fieldset_with_one_labelled_input_per_choice():
    stade = site("stade")
    form = bound_form(sites=[str(stade.pk)])

    html = form["sites"].as_field_group()

    assert html.startswith('<fieldset class="mb-3" aria-describedby="id_sites_helptext">')
    inputs = re.findall(r'<input type="checkbox" name="sites" value="(\d+)" id="(id_sites_\d)"([^>]*)>', html)
    assert [value for value, _id, _rest in inputs if "checked" in _rest] == [str(stade.pk)]
    for _value, input_id, _rest in inputs:
        assert f'<label class="form-check-label" for="{input_id}">' in html


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


def test_level_options_are_written_once_per_interface_language_and_known_level():
    level_options.cache_clear()

    for language in ("de", "en"):
        with translation.override(language):
            html = str(bound_form(languages_de="perfect", languages_en="good")["languages"])

    # ("de", "en") x ("", "good"): the tampered level is no key
    assert level_options.cache_info().currsize == 4
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
