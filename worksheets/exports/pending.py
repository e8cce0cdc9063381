"""Uploaded Excel files waiting between an import's preview and its confirmation.

They live in the ``imports`` storage (``settings.STORAGES["imports"]``), which every app server sees: a folder by
default (a shared mount when there are several servers), or any Django storage backend. A file is named after its
token, and the token starts with the upload's time in UTC, so finding what is older than a day needs one listing
and no per-file look-up. A pending upload is removed when it is applied, and at the latest a day after its upload
by ``clear_expired`` (``manage.py clear_pending_imports``, run daily and on every apply).
"""

import re
import uuid
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone

STORAGE_ALIAS = "imports"
MAX_AGE = timedelta(days=1)
_STAMP = "%Y%m%d%H%M%S"
_TOKEN = re.compile(r"(?P<stamp>\d{14})[0-9a-f]{32}")
_SUFFIX = ".xlsx"


def pending_storage() -> Storage:
    """The storage that holds pending uploads (the ``imports`` alias of ``settings.STORAGES``)."""
    return storages[STORAGE_ALIAS]


def _name(token: str) -> str:
    return f"{token}{_SUFFIX}"


def _uploaded_at(token: str) -> datetime | None:
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    try:
        return datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def save_pending(upload, *, now: datetime | None = None) -> str:
    """Store an upload (a Django ``File`` or ``bytes``) and return its token: 46 characters, the UTC time of the
    upload as ``YYYYmmddHHMMSS`` followed by 32 random hex digits. ``now`` (aware) replaces the current time."""
    now = now or timezone.now()
    token = now.astimezone(UTC).strftime(_STAMP) + uuid.uuid4().hex
    content = ContentFile(upload) if isinstance(upload, bytes) else upload
    if hasattr(content, "seek"):
        content.seek(0)
    saved = pending_storage().save(_name(token), content)
    if saved != _name(token):  # the storage renamed it: a name taken already, which a random token never is
        pending_storage().delete(saved)
        raise FileExistsError(saved)
    return token


def read_pending(token: str, *, now: datetime | None = None) -> bytes | None:
    """The bytes of the pending upload ``token``, or ``None`` when the token is malformed, the upload is older than
    a day (``MAX_AGE``) or no longer stored. ``now`` (aware) replaces the current time."""
    uploaded = _uploaded_at(token)
    if uploaded is None or (now or timezone.now()) - uploaded > MAX_AGE:
        return None
    try:
        with pending_storage().open(_name(token), "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def discard_pending(token: str) -> None:
    """Remove the pending upload ``token`` if it is stored; a malformed token changes nothing."""
    if _uploaded_at(token) is not None:
        pending_storage().delete(_name(token))


def clear_expired(*, now: datetime | None = None) -> int:
    """Remove every pending upload older than a day (``MAX_AGE``) and return how many were removed. The age comes
    from the name; a file whose name carries no time (left by an older version) is aged by the storage's modified
    time, and kept when the storage cannot tell it. ``now`` (aware) replaces the current time."""
    now = now or timezone.now()
    storage = pending_storage()
    try:
        _folders, files = storage.listdir("")
    except FileNotFoundError:  # nothing was ever uploaded: the folder does not exist yet
        return 0
    removed = 0
    for name in files:
        uploaded = _uploaded_at(name.removesuffix(_SUFFIX)) if name.endswith(_SUFFIX) else None
        if uploaded is None:
            try:
                uploaded = storage.get_modified_time(name)
            except (NotImplementedError, FileNotFoundError):
                continue
        if now - uploaded > MAX_AGE:
            storage.delete(name)
            removed += 1
    return removed
