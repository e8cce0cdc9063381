"""Files prepared in the background: the regional review's PDF and Excel, an edition's PDF and Excel, and the whole
region's Excel.

A coordinator's download starts a ``PreparedFile``; a task (``worksheets.tasks``) builds it step by step, saying how
far it got, and keeps the file in Django's default storage (never a server's own disk: any app server answers the
next request). The page "being prepared…" reads its status and progress; the download streams it from storage.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region


class PreparedFileKind(models.TextChoices):
    """What is prepared; the value is also the download's extension's family (``.pdf`` or ``.xlsx``)."""

    REVIEW_PDF = "review-pdf", _("Regional review (PDF)")
    REVIEW_XLSX = "review-xlsx", _("Regional review (Excel)")
    REGION_XLSX = "region-xlsx", _("Excel of the whole region")
    EDITION_PDF = "edition-pdf", _("Regional review edition (PDF)")
    EDITION_XLSX = "edition-xlsx", _("Regional review edition (Excel)")


REVIEW_KINDS = (PreparedFileKind.REVIEW_PDF, PreparedFileKind.REVIEW_XLSX)
EDITION_KINDS = (PreparedFileKind.EDITION_PDF, PreparedFileKind.EDITION_XLSX)  # of one ``RegionalReviewEdition``


class PreparedFileStatus(models.TextChoices):
    """Where a prepared file is in its life: waiting for a worker, being built, ready to download, or failed."""

    WAITING = "waiting", _("Waiting")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (PreparedFileStatus.WAITING, PreparedFileStatus.RUNNING)


class PreparationStep(models.TextChoices):
    """The step a preparation is at, shown under its progress bar."""

    QUEUED = "queued", _("Waiting for its turn")
    READING = "reading", _("Reading the plans")
    ASSEMBLING = "assembling", _("Assembling the review")
    WRITING_PDF = "writing-pdf", _("Writing the PDF")
    WRITING_WORKBOOK = "writing-workbook", _("Writing the workbook")
    SAVING = "saving", _("Saving the file")
    DONE = "done", _("Finished")


class PreparedFileQuerySet(models.QuerySet):
    """Which prepared files a user may see and download."""

    def visible_to(self, user) -> PreparedFileQuerySet:
        """The regional review's and its editions' files of the regions ``user`` coordinates (every region for an
        administrator; an edition's draft is theirs only, and an issued edition's public files are served by the
        public portal, not from here), and
        the whole-region workbooks ``user`` asked for themselves (what such a workbook holds depends on who reads it).
        Nothing for an anonymous visitor."""
        if not user.is_authenticated:
            return self.none()
        regions = Region.objects.coordinated_by(user).values("pk")
        return self.filter(
            Q(kind__in=(*REVIEW_KINDS, *EDITION_KINDS), region__in=regions)
            | Q(kind=PreparedFileKind.REGION_XLSX, requested_by=user)
        )

    def active(self) -> PreparedFileQuerySet:
        """Those still waiting or being prepared."""
        return self.filter(status__in=ACTIVE_STATUSES)


def request_key(
    *, kind: str, region_id: int, language: str, query: str, user_id: int | None, edition: tuple | None = None
) -> str:
    """The identity of a request for a file, as a SHA-256 hex digest (64 characters) of what decides its content:
    the kind, the region, the interface language, the query string (the chosen plans), for a file whose content
    depends on its reader (the whole-region workbook) the reader, and for an edition's file the edition and its
    revision (``(id, revision)``). Two requests with one key get the same file."""
    facts = {"kind": kind, "region": region_id, "language": language, "query": query, "user": user_id}
    if edition is not None:
        facts["edition"] = list(edition)
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


class PreparedFile(models.Model):
    """A file prepared in the background for a coordinator (or, for the region's workbook, any reader), with its
    progress while it is built and the file in the default storage once ready."""

    kind = models.CharField(_("kind"), max_length=20, choices=PreparedFileKind.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    query = models.CharField(_("chosen plans (query string)"), max_length=2000, blank=True)
    edition = models.ForeignKey(
        "worksheets.RegionalReviewEdition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regional review edition"),
    )
    language = models.CharField(_("language"), max_length=10)
    key = models.CharField(_("request key"), max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PreparedFileStatus.choices, default=PreparedFileStatus.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, choices=PreparationStep.choices, default=PreparationStep.QUEUED)
    file = models.FileField(_("file"), upload_to="prepared/", max_length=300, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)
    failure = models.TextField(_("failure message"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = PreparedFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["waiting", "running"]),
                name="one_active_prepared_file_per_request",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="prepared_file_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.region} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        """Still waiting or being prepared (the page keeps polling)."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == PreparedFileStatus.READY

    def start_url(self) -> str:
        """The download button's URL that asked for this file, with the same chosen plans (to ask again)."""
        if self.kind in EDITION_KINDS:
            name = "worksheets:edition_pdf" if self.kind == PreparedFileKind.EDITION_PDF else "worksheets:edition_xlsx"
            return reverse(name, args=[self.region.slug, self.edition_id])
        name = {
            PreparedFileKind.REVIEW_PDF: "worksheets:region_review_pdf",
            PreparedFileKind.REVIEW_XLSX: "worksheets:region_review_xlsx",
            PreparedFileKind.REGION_XLSX: "worksheets:region_xlsx",
        }[self.kind]
        url = reverse(name, args=[self.region.slug])
        return f"{url}?{self.query}" if self.query else url
