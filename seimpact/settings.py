"""seimpact settings, read from the environment.

SQLite by default (zero setup); PostgreSQL through ``DATABASE_URL``. ``DJANGO_DEBUG`` is off unless set;
with it off, the security flags are on (``manage.py check --deploy`` is clean).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-development-key-only-for-debug" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "simple_history",
    "csp",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "municipalities",
    "worksheets",
    "indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "seimpact.middleware.NormalisedTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "seimpact.middleware.InterfaceLanguageMiddleware",  # after the user is known: their preferred language
    "seimpact.middleware.PrivateCacheMiddleware",
    "seimpact.middleware.HtmxLoginRedirectMiddleware",  # wraps the next one: its login redirect becomes HX-Redirect
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seimpact.urls"
WSGI_APPLICATION = "seimpact.wsgi.application"
ASGI_APPLICATION = "seimpact.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "municipalities.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serving an office's concurrent saves (measured with `manage.py loadtest`; README "Load test"):
    # - transaction_mode IMMEDIATE: every transaction takes the write lock at BEGIN, so two saves queue for it
    #   instead of both reading and then failing to upgrade to a write ("database is locked" at once, which no
    #   timeout helps). It also makes select_for_update, a no-op on SQLite, hold: the save's reads happen under
    #   the lock.
    # - timeout: seconds a connection waits for that lock (SQLite's busy timeout) before "database is locked".
    # - WAL journal: readers never wait for the writer nor the writer for them; the mode is stored in the file
    #   (it adds db.sqlite3-wal and -shm beside it). synchronous=NORMAL is durable in WAL mode short of a power
    #   loss, which may lose the last transactions but never corrupts the file. An in-memory database (the tests'
    #   default) keeps its own journal; the PRAGMA is then a no-op.
    # A value given in DATABASE_URL's query string (e.g. ?timeout=60) wins.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "seimpact.accounts.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes): 5 failures per username and address, 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "lv"
# The interface languages (the switcher offers them): Latvian (Zemgale), Lithuanian (Panevėžys), English.
# A request's language: the switcher's choice (cookie), else the signed-in user's preferred language
# (``municipalities.languages``), else Latvian; never the browser's Accept-Language.
LANGUAGES = [("lv", _("Latvian")), ("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Riga"
# The app's numeric dates (dd.mm.yyyy) beside Django's formats of each language: seimpact/formats/<language>/.
FORMAT_MODULE_PATH = ["seimpact.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `manage.py collectstatic` writes here and WhiteNoise serves from here (hashed, compressed names when DEBUG is off).
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="seimpact <noreply@seimpact.localhost>")
# A worksheet is saved as one form: 300 rows × 12 columns must pass (Django's default stops at 1,000 fields).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Where the app is reached from outside, for links in e-mails (notifications, reminders).
SEIMPACT_BASE_URL = env.str("SEIMPACT_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# Background jobs (django-tasks, the backport of Django 6's Tasks framework; README "Background jobs"): the regional
# review's PDF and Excel, the whole region's Excel, e-mails and the daily reminders. SEIMPACT_TASK_BACKEND=immediate runs
# a task at once inside the request (development, tests: nothing else to start); =database queues it in the database
# for `manage.py db_worker` (`make worker`), the default when DEBUG is off.
SEIMPACT_TASK_BACKEND = env.str("SEIMPACT_TASK_BACKEND", default="immediate" if DEBUG else "database")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if SEIMPACT_TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"SEIMPACT_TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[SEIMPACT_TASK_BACKEND]}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_REVERT_DISABLED = True

# Content-Security-Policy: everything is served by the app itself, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security flags: on whenever DEBUG is off, unless switched off explicitly (e.g. behind a TLS proxy
# that already redirects, SEIMPACT_SSL_REDIRECT=false).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SEIMPACT_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SEIMPACT_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SEIMPACT_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SEIMPACT_HSTS_PRELOAD", default=True)
# A load balancer probes the health URL over plain HTTP: it is answered, not redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Behind a reverse proxy that ends TLS (SEIMPACT_BEHIND_PROXY=true): the proxy's X-Forwarded-Proto tells Django the
# request came over https, X-Forwarded-Host which host it was sent to, and X-Forwarded-For the client's address (the
# login lockout counts failures per address; without it every user would share the proxy's). Only behind a proxy
# that sets these headers itself, overwriting what the client sent: otherwise anyone could claim https or an address.
SEIMPACT_BEHIND_PROXY = env.bool("SEIMPACT_BEHIND_PROXY", default=False)
if SEIMPACT_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.bool("SEIMPACT_USE_X_FORWARDED_HOST", default=True)
    # The client's address is the last one the proxies add: SEIMPACT_PROXY_COUNT proxies in a row (default 1).
    AXES_IPWARE_PROXY_COUNT = env.int("SEIMPACT_PROXY_COUNT", default=1)
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Uploaded Excel files wait in the "imports" storage between the import preview and its confirmation; every app
# server must see it: a folder shared by all of them (SEIMPACT_IMPORT_DIR), or replace the backend with any shared
# storage (e.g. django-storages). `manage.py clear_pending_imports` removes what is older than a day.
STORAGES["imports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": env("SEIMPACT_IMPORT_DIR", default=str(BASE_DIR / "var" / "imports"))},
}
# Files the app keeps for later (generated downloads in "default", pending imports in "imports") must be seen by every
# app server. With SEIMPACT_S3_BUCKET set they go to S3-compatible object storage (AWS, MinIO, Hetzner, DigitalOcean
# Spaces…) through django-storages: private objects, handed out only through signed URLs that expire; otherwise to
# folders on the file system (MEDIA_ROOT and SEIMPACT_IMPORT_DIR), which several servers must then share.
MEDIA_ROOT = env.path("SEIMPACT_MEDIA_DIR", default=BASE_DIR / "var" / "media")
SEIMPACT_S3_BUCKET = env.str("SEIMPACT_S3_BUCKET", default="")
S3_BACKEND = "storages.backends.s3.S3Storage"
if SEIMPACT_S3_BUCKET:
    _s3_options = {
        "bucket_name": SEIMPACT_S3_BUCKET,
        "endpoint_url": env.str("SEIMPACT_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("SEIMPACT_S3_REGION", default="") or None,
        # Without keys here, boto3 looks for them itself (AWS_ACCESS_KEY_ID…, an instance role).
        "access_key": env.str("SEIMPACT_S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("SEIMPACT_S3_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str("SEIMPACT_S3_ADDRESSING_STYLE", default="") or None,  # "path" for MinIO
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env.int("SEIMPACT_S3_URL_SECONDS", default=300),
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": S3_BACKEND, "OPTIONS": {**_s3_options, "location": "files"}}
    STORAGES["imports"] = {"BACKEND": S3_BACKEND, "OPTIONS": {**_s3_options, "location": "imports"}}

# The cache holds nothing a later request needs (sessions, login failures, last visits and task results are in the
# database; the app itself caches nothing across requests), so each process's own memory is the default. CACHE_URL
# (e.g. dbcache://seimpact_cache after `manage.py createcachetable`) shares one between servers.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The admin's spreadsheet imports (django-import-export) keep the uploaded file between the preview and "Confirm
# import" in the default storage (shared by every app server, S3 when configured), not in one server's /tmp.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
