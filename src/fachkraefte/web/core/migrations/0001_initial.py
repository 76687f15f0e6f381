import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "ags",
                    models.CharField(
                        max_length=5, primary_key=True, serialize=False, verbose_name="AGS"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("land", "Land"),
                            ("regierungsbezirk", "Regierungsbezirk"),
                            ("kreis", "Kreis"),
                        ],
                        max_length=16,
                        verbose_name="Ebene",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="Name")),
                ("kind", models.CharField(blank=True, max_length=100, verbose_name="Art")),
                ("land", models.CharField(db_index=True, max_length=2, verbose_name="Land (AGS)")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="core.region",
                        verbose_name="übergeordnete Region",
                    ),
                ),
            ],
            options={
                "verbose_name": "Region",
                "verbose_name_plural": "Regionen",
                "ordering": ["ags"],
            },
        ),
    ]
