"""A prepared file no worker has taken up: with the database task backend and no worker running, the page says so
plainly after ``UNSTARTED_AFTER`` (2 minutes) instead of "waiting for its turn: 0%" for ever, in the user's
language; a job asked for just now, or one a worker has started, still shows its progress."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from worksheets.models import PreparedFile, PreparedFileStatus
from worksheets.views.prepared import UNSTARTED_AFTER

pytestmark = pytest.mark.django_db

DATABASE_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
NOT_STARTED = {
    "lv": "Fona process to vēl nav sācis sagatavot; fails tiks sagatavots, kad fona process darbosies.",
    "lt": "Foninis procesas jo dar nepradėjo ruošti; failas bus paruoštas, kai foninis procesas veiks.",
    "en": "The background worker has not started preparing it yet; it will be prepared when the worker runs.",
}


def queued_review_pdf(client, coordinator, zemgale) -> PreparedFile:
    """The regional review's PDF asked for with the database backend and no worker: queued, waiting."""
    client.force_login(coordinator)
    client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]))
    prepared = PreparedFile.objects.get()
    assert (prepared.status, prepared.progress) == (PreparedFileStatus.WAITING, 0)
    return prepared


def asked_ago(prepared: PreparedFile, delta: datetime.timedelta) -> None:
    PreparedFile.objects.filter(pk=prepared.pk).update(created_at=timezone.now() - delta)


@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_a_job_no_worker_took_up_says_so_in_the_users_language(client, sound_plan, coordinator, zemgale, language):
    with DATABASE_TASKS:
        prepared = queued_review_pdf(client, coordinator, zemgale)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page_url = reverse("worksheets:prepared_file", args=[prepared.pk])
        status_url = reverse("worksheets:prepared_file_status", args=[prepared.pk])
        assert NOT_STARTED[language] not in client.get(page_url).content.decode()  # asked for just now

        asked_ago(prepared, UNSTARTED_AFTER + datetime.timedelta(seconds=1))
        page = client.get(page_url).content.decode()
        assert NOT_STARTED[language] in page
        assert "<progress" not in page
        fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
        assert NOT_STARTED[language] in fragment
        assert f'hx-get="{status_url}"' in fragment  # still polled: a worker may start it yet


def test_a_started_job_shows_its_progress_however_long_ago_it_was_asked_for(client, sound_plan, coordinator, zemgale):
    with DATABASE_TASKS:
        prepared = queued_review_pdf(client, coordinator, zemgale)
        asked_ago(prepared, datetime.timedelta(minutes=5))
        PreparedFile.objects.filter(pk=prepared.pk).update(
            status=PreparedFileStatus.RUNNING, progress=40, started_at=timezone.now()
        )
        page = client.get(reverse("worksheets:prepared_file", args=[prepared.pk])).content.decode()
    assert NOT_STARTED["lv"] not in page
    assert 'value="40"' in page


def test_an_outsider_is_refused_the_waiting_job(client, sound_plan, coordinator, zemgale, other_coordinator):
    with DATABASE_TASKS:
        prepared = queued_review_pdf(client, coordinator, zemgale)
        asked_ago(prepared, datetime.timedelta(minutes=5))
        client.force_login(other_coordinator)
        assert client.get(reverse("worksheets:prepared_file", args=[prepared.pk])).status_code == 404
        assert client.get(reverse("worksheets:prepared_file_status", args=[prepared.pk])).status_code == 404
