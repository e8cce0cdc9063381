"""The council decision's history (``PlanVersion.history``) and the coordinators' last dashboard visits."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def record_existing_versions(apps, schema_editor):
    """Each version approved before its history was kept gets its creation record (when and by whom it was
    approved, with the decision as it stands), so a later correction shows what it changed."""
    PlanVersion = apps.get_model("worksheets", "PlanVersion")
    HistoricalPlanVersion = apps.get_model("worksheets", "HistoricalPlanVersion")
    HistoricalPlanVersion.objects.bulk_create(
        HistoricalPlanVersion(
            id=version.pk,
            plan_id=version.plan_id,
            number=version.number,
            approved_at=version.approved_at,
            approved_by_id=version.approved_by_id,
            decision_number=version.decision_number,
            decision_date=version.decision_date,
            history_date=version.approved_at,
            history_type="+",
            history_user_id=version.approved_by_id,
        )
        for version in PlanVersion.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("worksheets", "0008_plan_in_force"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPlanVersion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                ("approved_at", models.DateTimeField(blank=True, editable=False, verbose_name="approved at")),
                (
                    "decision_number",
                    models.CharField(blank=True, max_length=100, verbose_name="council decision number"),
                ),
                ("decision_date", models.DateField(blank=True, null=True, verbose_name="council decision date")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="approved by",
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
                "verbose_name": "historical approved version",
                "verbose_name_plural": "historical approved versions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="DashboardVisit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("visited_at", models.DateTimeField(verbose_name="last visit")),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="municipalities.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "dashboard visit",
                "verbose_name_plural": "dashboard visits",
                "ordering": ["user", "region"],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "region"), name="one_dashboard_visit_per_region")
                ],
            },
        ),
        migrations.RunPython(record_existing_versions, migrations.RunPython.noop),
    ]
