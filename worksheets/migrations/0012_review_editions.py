import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worksheets", "0011_export_jobs"),
        ("municipalities", "0002_add_profile_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionalReviewEdition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year",
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="edition number",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("issued", "Issued")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("introduction", models.TextField(blank=True, verbose_name="Introduction")),
                (
                    "policy_framework",
                    models.TextField(blank=True, verbose_name="Policy framework and cooperation models"),
                ),
                ("needs_and_resources", models.TextField(blank=True, verbose_name="Needs and resources")),
                ("strategy", models.TextField(blank=True, verbose_name="Strategy and action plan")),
                ("evaluation_and_risks", models.TextField(blank=True, verbose_name="Evaluation and risks")),
                ("partnerships", models.TextField(blank=True, verbose_name="Partnerships and public engagement")),
                ("conclusions", models.TextField(blank=True, verbose_name="Conclusions")),
                ("revision", models.PositiveIntegerField(default=0, verbose_name="revision")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("issued_at", models.DateTimeField(blank=True, null=True, verbose_name="issued at")),
                ("issuer", models.CharField(blank=True, max_length=200, verbose_name="issued by (institution)")),
                ("snapshot", models.JSONField(blank=True, editable=False, null=True, verbose_name="figures as issued")),
                (
                    "pdf_file",
                    models.FileField(
                        blank=True, editable=False, max_length=300, upload_to="editions/", verbose_name="PDF as issued"
                    ),
                ),
                (
                    "xlsx_file",
                    models.FileField(
                        blank=True,
                        editable=False,
                        max_length=300,
                        upload_to="editions/",
                        verbose_name="Excel as issued",
                    ),
                ),
                (
                    "based_on",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                        verbose_name="started from",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "plans",
                    models.ManyToManyField(
                        blank=True,
                        related_name="review_editions",
                        to="worksheets.actionplan",
                        verbose_name="plans reviewed",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="review_editions",
                        to="municipalities.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "regional review edition",
                "verbose_name_plural": "regional review editions",
                "ordering": ["region", "-year", "-number"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalReviewSource",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                ("text", models.CharField(max_length=500, verbose_name="source")),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="address (URL)")),
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
                    "edition",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReviewRecommendation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                ("text", models.TextField(verbose_name="recommendation")),
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
                    "edition",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalReviewFinding",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                (
                    "kind",
                    models.CharField(
                        choices=[("strength", "Strength"), ("challenge", "Challenge")],
                        default="strength",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("text", models.TextField(verbose_name="text")),
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
                    "edition",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical strength or challenge",
                "verbose_name_plural": "historical strengths and challenges",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRegionalReviewEdition",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year",
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="edition number",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("issued", "Issued")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("introduction", models.TextField(blank=True, verbose_name="Introduction")),
                (
                    "policy_framework",
                    models.TextField(blank=True, verbose_name="Policy framework and cooperation models"),
                ),
                ("needs_and_resources", models.TextField(blank=True, verbose_name="Needs and resources")),
                ("strategy", models.TextField(blank=True, verbose_name="Strategy and action plan")),
                ("evaluation_and_risks", models.TextField(blank=True, verbose_name="Evaluation and risks")),
                ("partnerships", models.TextField(blank=True, verbose_name="Partnerships and public engagement")),
                ("conclusions", models.TextField(blank=True, verbose_name="Conclusions")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("issued_at", models.DateTimeField(blank=True, null=True, verbose_name="issued at")),
                ("issuer", models.CharField(blank=True, max_length=200, verbose_name="issued by (institution)")),
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
                        verbose_name="created by",
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
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="municipalities.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "based_on",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                        verbose_name="started from",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical regional review edition",
                "verbose_name_plural": "historical regional review editions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ReviewFinding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                (
                    "kind",
                    models.CharField(
                        choices=[("strength", "Strength"), ("challenge", "Challenge")],
                        default="strength",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("text", models.TextField(verbose_name="text")),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="findings",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "strength or challenge",
                "verbose_name_plural": "strengths and challenges",
                "ordering": ["edition", "position", "id"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReviewRecommendation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                ("text", models.TextField(verbose_name="recommendation")),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recommendations",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "recommendation",
                "verbose_name_plural": "recommendations",
                "ordering": ["edition", "position", "id"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReviewSource",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="number")),
                ("text", models.CharField(max_length=500, verbose_name="source")),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="address (URL)")),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sources",
                        to="worksheets.regionalreviewedition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "verbose_name_plural": "sources",
                "ordering": ["edition", "position", "id"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="regionalreviewedition",
            constraint=models.UniqueConstraint(
                fields=("region", "year", "number"), name="one_review_edition_number_per_region_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="regionalreviewedition",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("region", "year"),
                name="one_draft_review_edition_per_region_year",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalRegionalReviewEdition_plans",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "actionplan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.actionplan",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="worksheets.historicalregionalreviewedition",
                    ),
                ),
                (
                    "regionalreviewedition",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.regionalreviewedition",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalRegionalReviewEdition_plans",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # An edition's PDF and Excel are prepared in the background like the live review's.
        migrations.AddField(
            model_name="preparedfile",
            name="edition",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="worksheets.regionalreviewedition",
                verbose_name="regional review edition",
            ),
        ),
    ]
