"""Install the shipped programmes and Saxony's composition rule set (see ``programmes.shipped``)."""

from django.db import migrations

from fachkraefte.web.programmes.shipped import PROGRAMMES, ensure_shipped_programmes


def ship(apps, schema_editor):
    ensure_shipped_programmes(
        apps.get_model("programmes", "Programme"),
        apps.get_model("programmes", "CompositionRule"),
        apps.get_model("core", "Region"),
    )


def unship(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Programme.objects.filter(
        slug__in=[spec["slug"] for spec in PROGRAMMES], alliances__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("core", "0001_initial"),
        ("alliances", "0002_initial"),
    ]

    operations = [migrations.RunPython(ship, unship)]
