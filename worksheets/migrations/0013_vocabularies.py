# The region's vocabularies: canonical entries of the compared free-text fields and the coordinator's decisions on
# their written variants.
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_add_profile_language"),
        ("worksheets", "0012_review_editions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalVocabularyEntry",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("policy_documents", "Policy documents"),
                            ("cooperation_types", "Cooperation types"),
                            ("target_groups", "Target groups"),
                            ("resources", "Resources"),
                            ("funding_sources", "Funding sources"),
                            ("responsible_units", "Responsible units"),
                            ("action_groups", "Action groups"),
                        ],
                        max_length=30,
                        verbose_name="field",
                    ),
                ),
                ("text", models.TextField(verbose_name="canonical text")),
                ("code", models.CharField(blank=True, max_length=40, verbose_name="standard group")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
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
            ],
            options={
                "verbose_name": "historical vocabulary entry",
                "verbose_name_plural": "historical vocabulary entries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="VocabularyEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("policy_documents", "Policy documents"),
                            ("cooperation_types", "Cooperation types"),
                            ("target_groups", "Target groups"),
                            ("resources", "Resources"),
                            ("funding_sources", "Funding sources"),
                            ("responsible_units", "Responsible units"),
                            ("action_groups", "Action groups"),
                        ],
                        max_length=30,
                        verbose_name="field",
                    ),
                ),
                ("text", models.TextField(verbose_name="canonical text")),
                ("code", models.CharField(blank=True, max_length=40, verbose_name="standard group")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vocabulary_entries",
                        to="municipalities.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "vocabulary entry",
                "verbose_name_plural": "vocabulary entries",
                "ordering": ["region", "field", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="VariantMapping",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("policy_documents", "Policy documents"),
                            ("cooperation_types", "Cooperation types"),
                            ("target_groups", "Target groups"),
                            ("resources", "Resources"),
                            ("funding_sources", "Funding sources"),
                            ("responsible_units", "Responsible units"),
                            ("action_groups", "Action groups"),
                        ],
                        max_length=30,
                        verbose_name="field",
                    ),
                ),
                ("key", models.TextField(verbose_name="normalised variant")),
                (
                    "digest",
                    models.CharField(editable=False, max_length=40, verbose_name="digest of the normalised variant"),
                ),
                ("text", models.TextField(verbose_name="variant as written")),
                ("not_plan_entry", models.BooleanField(default=False, verbose_name="not a plan entry")),
                ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="variant_mappings",
                        to="municipalities.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="variants",
                        to="worksheets.vocabularyentry",
                        verbose_name="entry",
                    ),
                ),
            ],
            options={
                "verbose_name": "variant mapping",
                "verbose_name_plural": "variant mappings",
                "ordering": ["region", "field", "key"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalVariantMapping",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("policy_documents", "Policy documents"),
                            ("cooperation_types", "Cooperation types"),
                            ("target_groups", "Target groups"),
                            ("resources", "Resources"),
                            ("funding_sources", "Funding sources"),
                            ("responsible_units", "Responsible units"),
                            ("action_groups", "Action groups"),
                        ],
                        max_length=30,
                        verbose_name="field",
                    ),
                ),
                ("key", models.TextField(verbose_name="normalised variant")),
                (
                    "digest",
                    models.CharField(editable=False, max_length=40, verbose_name="digest of the normalised variant"),
                ),
                ("text", models.TextField(verbose_name="variant as written")),
                ("not_plan_entry", models.BooleanField(default=False, verbose_name="not a plan entry")),
                ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
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
                    "entry",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="worksheets.vocabularyentry",
                        verbose_name="entry",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical variant mapping",
                "verbose_name_plural": "historical variant mappings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="vocabularyentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("region", "field", "code"),
                name="vocabulary_entry_one_per_standard_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="variantmapping",
            constraint=models.UniqueConstraint(fields=("region", "field", "digest"), name="variant_mapping_unique_key"),
        ),
        migrations.AddConstraint(
            model_name="variantmapping",
            constraint=models.CheckConstraint(
                condition=models.Q(("entry__isnull", True), ("not_plan_entry", False), _connector="OR"),
                name="variant_mapping_entry_or_excluded",
            ),
        ),
    ]
