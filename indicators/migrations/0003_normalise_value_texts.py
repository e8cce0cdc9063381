"""Indicator value texts stored before text was normalised at the edge (CRLF line endings from browsers, letters
with combining marks, control characters) rewritten with ``seimpact.lib.text.clean_text``, so saving a value
again does not show as a change. Uses ``QuerySet.update`` on the rows that change only: no history record is
written, ``updated_at`` stays. The history's own records are normalised the same way, so it does not show a
line-ending change as an edit."""

from django.db import migrations

from seimpact.lib.text import clean_text

TEXT_FIELDS = ("baseline", "target", "actual", "source", "note")


def normalise(model) -> None:
    rows = model.objects.values_list(model._meta.pk.name, *TEXT_FIELDS).iterator(chunk_size=500)
    for pk, *texts in rows:
        changed = {
            name: clean_text(text) for name, text in zip(TEXT_FIELDS, texts, strict=True) if clean_text(text) != text
        }
        if changed:
            model.objects.filter(pk=pk).update(**changed)


def normalise_value_texts(apps, schema_editor):
    normalise(apps.get_model("indicators", "IndicatorValue"))
    normalise(apps.get_model("indicators", "HistoricalIndicatorValue"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_indicator_values")]

    operations = [migrations.RunPython(normalise_value_texts, migrations.RunPython.noop, elidable=True)]
