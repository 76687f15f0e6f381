"""Install the funding terms and earmarks of the shipped programmes (see ``funding.shipped``)."""

from django.db import migrations

from fachkraefte.web.funding.shipped import TERMS, ensure_shipped_funding


def ship(apps, schema_editor):
    ensure_shipped_funding(
        apps.get_model("programmes", "Programme"),
        apps.get_model("funding", "FundingTerms"),
        apps.get_model("funding", "Earmark"),
    )


def unship(apps, schema_editor):
    slugs = [spec["programme"] for spec in TERMS]
    apps.get_model("funding", "FundingTerms").objects.filter(programme__slug__in=slugs).delete()
    apps.get_model("funding", "Earmark").objects.filter(
        programme__slug__in=slugs, budgets__isnull=True, calls__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_initial"),
        ("programmes", "0002_shipped_programmes"),
    ]

    operations = [migrations.RunPython(ship, unship)]
