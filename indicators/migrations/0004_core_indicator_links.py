# The decisions on linking plans' worksheet 8 indicators to core indicators (confirmed / rejected, by whom), with
# their history.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_normalise_value_texts"),
        ("worksheets", "0002_worksheet_rows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CoreIndicatorLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "decision",
                    models.CharField(
                        choices=[("confirmed", "confirmed"), ("rejected", "rejected")],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("suggested", models.BooleanField(default=False, verbose_name="suggested by the app")),
                ("score", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="match score")),
                ("text", models.TextField(verbose_name="indicator text decided on")),
                (
                    "decided_as",
                    models.CharField(
                        choices=[("editor", "municipal editor"), ("coordinator", "regional coordinator")],
                        max_length=12,
                        verbose_name="decided as",
                    ),
                ),
                ("decided_at", models.DateTimeField(verbose_name="decided at")),
                (
                    "core_indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links",
                        to="indicators.coreindicator",
                        verbose_name="core indicator",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "plan_indicator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="core_link",
                        to="worksheets.indicator",
                        verbose_name="indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "core indicator link",
                "verbose_name_plural": "core indicator links",
                "ordering": ["plan_indicator"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCoreIndicatorLink",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "decision",
                    models.CharField(
                        choices=[("confirmed", "confirmed"), ("rejected", "rejected")],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("suggested", models.BooleanField(default=False, verbose_name="suggested by the app")),
                ("score", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="match score")),
                ("text", models.TextField(verbose_name="indicator text decided on")),
                (
                    "decided_as",
                    models.CharField(
                        choices=[("editor", "municipal editor"), ("coordinator", "regional coordinator")],
                        max_length=12,
                        verbose_name="decided as",
                    ),
                ),
                ("decided_at", models.DateTimeField(verbose_name="decided at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "core_indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.coreindicator",
                        verbose_name="core indicator",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan_indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.indicator",
                        verbose_name="indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical core indicator link",
                "verbose_name_plural": "historical core indicator links",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
