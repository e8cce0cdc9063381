"""Test settings: the project's settings with what tests need changed (fast hashes, plain static files)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SEIMPACT_SSL_REDIRECT", "false")
os.environ.setdefault("SEIMPACT_SECURE_COOKIES", "false")
os.environ.setdefault("SEIMPACT_HSTS_SECONDS", "0")
# pytest-playwright keeps an asyncio loop in the test thread; live_server's ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tasks run at once, inside the request (tests of the database backend and its worker override TASKS).
os.environ.setdefault("SEIMPACT_TASK_BACKEND", "immediate")

from seimpact.settings import *  # noqa: E402,F403
from seimpact.settings import DATABASES, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Prepared downloads (the default storage) stay in memory: a test run leaves no files behind.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

import tempfile  # noqa: E402

STORAGES["imports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="seimpact-imports-")},
}

# SQLite's test database is a file, not the in-memory default: live_server's threads then each have their own
# connection and SQLite locks as it does in production (tests/test_concurrent_saves.py). One per test run, in its
# own temporary folder (in memory, /dev/shm, where there is one), so test runs side by side never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    import atexit  # noqa: E402
    import shutil  # noqa: E402

    _shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    _test_database_dir = tempfile.mkdtemp(prefix="seimpact-test-db-", dir=_shm)
    atexit.register(shutil.rmtree, _test_database_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {
        **DATABASES["default"].get("TEST", {}),
        "NAME": f"{_test_database_dir}/test.sqlite3",
    }
