# Files prepared in the background (the regional review's PDF and Excel, the whole region's Excel): their request,
# progress and the file in the default storage.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0010_worksheet_notes"),
        ("municipalities", "0002_add_profile_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PreparedFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("review-pdf", "Regional review (PDF)"),
                            ("review-xlsx", "Regional review (Excel)"),
                            ("region-xlsx", "Excel of the whole region"),
                            ("edition-pdf", "Regional review edition (PDF)"),
                            ("edition-xlsx", "Regional review edition (Excel)"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("query", models.CharField(blank=True, max_length=2000, verbose_name="chosen plans (query string)")),
                ("language", models.CharField(max_length=10, verbose_name="language")),
                ("key", models.CharField(db_index=True, max_length=64, verbose_name="request key")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting"),
                            ("running", "Being prepared"),
                            ("ready", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="waiting",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)")),
                (
                    "step",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting for its turn"),
                            ("reading", "Reading the plans"),
                            ("assembling", "Assembling the review"),
                            ("writing-pdf", "Writing the PDF"),
                            ("writing-workbook", "Writing the workbook"),
                            ("saving", "Saving the file"),
                            ("done", "Finished"),
                        ],
                        default="queued",
                        max_length=20,
                        verbose_name="step",
                    ),
                ),
                ("file", models.FileField(blank=True, max_length=300, upload_to="prepared/", verbose_name="file")),
                ("content_type", models.CharField(blank=True, max_length=100, verbose_name="content type")),
                ("filename", models.CharField(blank=True, max_length=200, verbose_name="file name")),
                ("attempt", models.PositiveSmallIntegerField(default=1, verbose_name="attempt")),
                ("task_result_id", models.CharField(blank=True, max_length=64, verbose_name="task result")),
                ("failure", models.TextField(blank=True, verbose_name="failure message")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="requested at")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last progress at")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
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
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "prepared file",
                "verbose_name_plural": "prepared files",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["waiting", "running"])),
                        fields=("key",),
                        name="one_active_prepared_file_per_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="prepared_file_progress_at_most_100"
                    ),
                ],
            },
        ),
    ]
