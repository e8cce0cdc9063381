import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0009_review_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="partners_identified_note",
            field=models.TextField(blank=True, verbose_name="Note on the identified partners"),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="meetings_held_note",
            field=models.TextField(blank=True, verbose_name="Note on the meetings with partners"),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="agreements_signed_note",
            field=models.TextField(blank=True, verbose_name="Note on the memoranda or agreements"),
        ),
        migrations.AddField(
            model_name="historicalactionplan",
            name="partners_identified_note",
            field=models.TextField(blank=True, verbose_name="Note on the identified partners"),
        ),
        migrations.AddField(
            model_name="historicalactionplan",
            name="meetings_held_note",
            field=models.TextField(blank=True, verbose_name="Note on the meetings with partners"),
        ),
        migrations.AddField(
            model_name="historicalactionplan",
            name="agreements_signed_note",
            field=models.TextField(blank=True, verbose_name="Note on the memoranda or agreements"),
        ),
        migrations.CreateModel(
            name="ChecklistItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("text", models.TextField(verbose_name="Checklist item")),
                ("done", models.BooleanField(default=False, verbose_name="Done")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="worksheets.actionplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "own checklist item",
                "verbose_name_plural": "own checklist items",
                "ordering": ["position", "id"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="HistoricalChecklistItem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("text", models.TextField(verbose_name="Checklist item")),
                ("done", models.BooleanField(default=False, verbose_name="Done")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.actionplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical own checklist item",
                "verbose_name_plural": "historical own checklist items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorksheetNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(verbose_name="worksheet")),
                ("text", models.TextField(blank=True, verbose_name="Notes")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="worksheet_notes",
                        to="worksheets.actionplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "worksheet note",
                "verbose_name_plural": "worksheet notes",
                "ordering": ["plan", "number"],
                "constraints": [models.UniqueConstraint(fields=("plan", "number"), name="one_note_per_worksheet")],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWorksheetNote",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(verbose_name="worksheet")),
                ("text", models.TextField(blank=True, verbose_name="Notes")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.actionplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical worksheet note",
                "verbose_name_plural": "historical worksheet notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
