"""Seats for kreisangehörige Städte only, and the exclusive inhabitant threshold (``mehr als``)."""

from django.db import migrations, models


def mark_saxony_towns(apps, schema_editor):
    CompositionRule = apps.get_model("programmes", "CompositionRule")
    for rule in CompositionRule.objects.filter(programme__slug="sachsen-fachkraefteallianzen"):
        if rule.categories == ["town"]:
            rule.district_towns = True
            rule.save(update_fields=["district_towns"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_shipped_programmes")]

    operations = [
        migrations.AddField(
            model_name="compositionrule",
            name="district_towns",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Nur Mitglieder aus einem Landkreis der Allianz zählen; bei einer kreisfreien "
                    "Stadt entfällt der Sitz."
                ),
                verbose_name="nur kreisangehörige Orte",
            ),
        ),
        migrations.AlterField(
            model_name="compositionrule",
            name="min_inhabitants",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Nur Mitglieder mit mehr Einwohnern als dieser Zahl besetzen den Sitz.",
                null=True,
                verbose_name="mehr als … Einwohner",
            ),
        ),
        migrations.RunPython(mark_saxony_towns, migrations.RunPython.noop),
    ]
