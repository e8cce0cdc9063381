"""A plan records the earlier plan it was started from as a copy (the next period's plan)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0006_normalise_stored_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="copied_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="copies",
                to="worksheets.actionplan",
                verbose_name="copied from",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionplan",
            name="copied_from",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="worksheets.actionplan",
                verbose_name="copied from",
            ),
        ),
    ]
