import pytest

from tests.factories import VolunteerFactory, site
from volunteers.models import Site, VolunteerTopic
from volunteers.selectors import profile_choices

pytestmark = pytest.mark.django_db


def orm_choices(volunteer):
    """profile_choices' answer as the ORM reads it, the reference."""
    return (
        list(Site.objects.order_by("name").values_list("pk", "name")),
        sorted(volunteer.sites.values_list("pk", flat=True)),
        dict(volunteer.languages.values_list("language", "level")),
        sorted(volunteer.topics.values_list("topic", flat=True)),
    )


@pytest.mark.parametrize(
    ("sites", "languages", "topics"),
    [
        ([], {"de": "native"}, []),
        (["stade"], {"de": "good", "ar": "native", "fa": "basic"}, ["german"]),
        (["stade", "buxtehude"], {"uk": "fluent"}, ["german", "school", "housing"]),
    ],
)
def test_profile_choices_equal_what_the_orm_reads(sites, languages, topics):
    volunteer = VolunteerFactory(sites=[site(slug) for slug in sites], languages=languages)
    VolunteerTopic.objects.bulk_create([VolunteerTopic(volunteer=volunteer, topic=topic) for topic in topics])
    other = VolunteerFactory(sites=[site("buxtehude")], languages={"ru": "native"})
    VolunteerTopic.objects.create(volunteer=other, topic="work")

    choices = profile_choices(volunteer=volunteer)

    assert (choices.sites, sorted(choices.chosen_sites), choices.languages, sorted(choices.topics)) == orm_choices(
        volunteer
    )
    assert choices.languages == languages
    assert sorted(choices.chosen_sites) == sorted(site(slug).pk for slug in sites)


def test_profile_choices_without_a_profile_offer_the_sites_only():
    for slug in ("stade", "buxtehude"):
        site(slug)

    choices = profile_choices(volunteer=None)

    assert [name for _pk, name in choices.sites] == ["Buxtehude", "Stade"]
    assert (choices.chosen_sites, choices.languages, choices.topics) == ([], {}, [])
