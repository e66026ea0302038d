"""The centre's two sites exist in every installation; coordinators fill in phone and opening hours."""

from django.db import migrations

SITES = [
    {"slug": "stade", "name": "Stade", "street": "Neubourgstraße 6", "postcode": "21682", "city": "Stade"},
    {"slug": "buxtehude", "name": "Buxtehude", "street": "Harburger Straße 2", "postcode": "21614", "city": "Buxtehude"},
]


def create_sites(apps, schema_editor):
    Site = apps.get_model("volunteers", "Site")
    for site in SITES:
        Site.objects.get_or_create(slug=site["slug"], defaults=site)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(create_sites, migrations.RunPython.noop)]
