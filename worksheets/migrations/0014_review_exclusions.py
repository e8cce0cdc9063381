import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0013_vocabularies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalReviewExclusion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("table", models.CharField(max_length=30, verbose_name="table")),
                ("row_id", models.PositiveIntegerField(verbose_name="row")),
                ("field", models.CharField(max_length=50, verbose_name="field")),
                ("text", models.TextField(blank=True, verbose_name="note left out")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="marked at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="marked by",
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
                "verbose_name": "historical working note left out of the review",
                "verbose_name_plural": "historical working notes left out of the review",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReviewExclusion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("table", models.CharField(max_length=30, verbose_name="table")),
                ("row_id", models.PositiveIntegerField(verbose_name="row")),
                ("field", models.CharField(max_length=50, verbose_name="field")),
                ("text", models.TextField(blank=True, verbose_name="note left out")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="marked at")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="marked by",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_exclusions",
                        to="worksheets.actionplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "working note left out of the review",
                "verbose_name_plural": "working notes left out of the review",
                "ordering": ["plan", "table", "row_id", "field", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "table", "row_id", "field", "text"), name="one_exclusion_per_note"
                    )
                ],
            },
        ),
    ]
