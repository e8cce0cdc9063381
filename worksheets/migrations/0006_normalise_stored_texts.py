"""Texts stored before text was normalised at the edge (``seimpact.lib.text.clean_text``): a browser's CRLF line
breaks, lone CRs, decomposed letters and invisible control characters, made what saving them now would store.

Rows, the plan's own fields, comments and their history records alike, through ``QuerySet.update`` (no new history
records: nothing an officer wrote changes, only how its line breaks are stored); only rows that change are written.
"""

from django.db import migrations, models

from seimpact.lib.text import clean_text

BATCH = 500


def _text_fields(model) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key
    ]


def normalise(apps, schema_editor):
    for app_label in ("worksheets",):
        for model in apps.get_app_config(app_label).get_models():
            names = _text_fields(model)
            if not names:
                continue
            pk_name = model._meta.pk.attname
            for values in model._base_manager.values(pk_name, *names).iterator(chunk_size=BATCH):
                changed = {
                    name: clean_text(values[name])
                    for name in names
                    if isinstance(values[name], str) and clean_text(values[name]) != values[name]
                }
                if changed:
                    model._base_manager.filter(**{pk_name: values[pk_name]}).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("worksheets", "0005_activity_task_as_written")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]
