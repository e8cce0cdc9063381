"""The plan in force: ``ActionPlan.published_version``, the approved version a plan had when it was last published.

Filled for the plans already stored: a plan published now keeps its latest version; a plan reopened since it was
published keeps the latest version approved before it last left the published status (its reopening).
"""

import django.db.models.deletion
from django.db import migrations, models

PUBLISHED = "published"


def fill_published_versions(apps, schema_editor):
    ActionPlan = apps.get_model("worksheets", "ActionPlan")
    PlanVersion = apps.get_model("worksheets", "PlanVersion")
    PlanTransition = apps.get_model("worksheets", "PlanTransition")
    for plan in ActionPlan.objects.all().only("pk", "status"):
        versions = PlanVersion.objects.filter(plan_id=plan.pk).order_by("-number")
        if plan.status != PUBLISHED:
            left = PlanTransition.objects.filter(plan_id=plan.pk, from_status=PUBLISHED).order_by("-at", "-id").first()
            if left is None:
                continue  # never published: nothing is in force
            versions = versions.filter(approved_at__lte=left.at)
        version = versions.first()
        if version is not None:
            ActionPlan.objects.filter(pk=plan.pk).update(published_version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0007_plan_copied_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="published_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="worksheets.planversion",
                verbose_name="published version",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionplan",
            name="published_version",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="worksheets.planversion",
                verbose_name="published version",
            ),
        ),
        migrations.RunPython(fill_published_versions, migrations.RunPython.noop),
    ]
