from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0002_add_profile_language")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="synthetic",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Generated for measuring (manage.py generate_region): not a real region. Marked so to staff and "
                    "left out of the public portal's list of regions."
                ),
                verbose_name="synthetic",
            ),
        ),
    ]
