"""Settings for the council papers portal, read from the environment.

Two profiles, chosen by ``PORTAL_PROFILE``:

- ``development`` (the default): SQLite beside the code, ``DEBUG`` on, a throwaway
  secret key, so a newcomer runs the portal with no configuration at all.
- ``production``: ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set, HTTPS is enforced
  (HSTS, secure cookies) and ``manage.py check --deploy`` reports nothing.

Every other value has a development default and may be overridden by a variable of the
same name (``DATABASE_URL``, ``DEBUG``, ``MEDIA_ROOT``, ``STATIC_ROOT`` ...).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    """A string from the environment; fails loudly when required and missing."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def object_storage(bucket: str, **connection: str | None) -> dict:
    """Files in ``bucket`` of an S3-compatible store, kept private: objects get no ACL of
    their own and links to them are signed and short-lived (the portal makes none: it
    streams each file after its access check). Files over 5 MB read from the bucket wait
    on disk, not in memory. ``connection``: endpoint_url, region_name, access_key,
    secret_key; boto3 finds what is left out (an instance role, ~/.aws)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            **connection,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "max_memory_size": 5 * 1024 * 1024,
        },
    }


PROFILE = env_str("PORTAL_PROFILE", "development")
if PROFILE not in {"development", "production"}:
    raise ImproperlyConfigured("PORTAL_PROFILE must be development or production.")
PRODUCTION = PROFILE == "production"

SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else "development-only-not-secret")
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the portal's host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The council's name as the portal shows it.
COUNCIL_NAME = env_str("COUNCIL_NAME", "Borsetshire County Council")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_tasks",
    # Before django_tasks_db: its db_worker command adds a watchdog for dead imports.
    "publishing",
    "django_tasks_db",
    "axes",
    "django_ratelimit",
    "csp",
    "meetings",
    "reports",
    "decisions",
    "search",
    "follow",
    "oparl",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a signed-out visitor's page may come from the cache untouched.
    "council_portal.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "council_portal.privatepages.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns locked-out sign-ins into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # council_portal.accounts.SignInView chooses by role
LOGOUT_REDIRECT_URL = "home"

# Behind the documented HTTPS proxy, requests reach the portal from the proxy: the
# client's address is read from X-Forwarded-For, PROXY_COUNT proxies from the right
# (council_portal.clientip). Without it, that header is never believed.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
PROXY_COUNT = env_int("AXES_PROXY_COUNT", 1)
if BEHIND_HTTPS_PROXY and PROXY_COUNT < 1:
    raise ImproperlyConfigured("AXES_PROXY_COUNT must be 1 or more behind the proxy.")

# Sign-in guessing: five failures for a username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "council_portal.clientip.client_ip"

ROOT_URLCONF = "council_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council_portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "council_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles any query it estimates dear, about 300 ms each: the
    # portal's short queries over nested EXISTS were paying it on every page and
    # correction (a step of the exempt property test went from 2 s to 0.3 s without it).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Parameters sent apart from the statement, so that psycopg prepares a statement run
    # five times on a connection: planning the access rules' EXISTS cost PostgreSQL more
    # than running them (8 of a meeting page's 9 ms at the server on the 20-year archive).
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The portal is written in English, and Django's en-gb catalogue says what its source
# says. Without the translation machinery ("for performance", Django's docs), reverse()
# no longer asks a thread-local for the language three times: 24 -> 12 us a link, and a
# large meeting page has a hundred. Dates keep the en-gb formats.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# With STORAGE_BUCKET set, packs, uploads, cuts and page pictures are objects in that
# bucket instead of files under MEDIA_ROOT (reports/storage.py).
STORAGE_BUCKET = env_str("STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    STORAGES["default"] = object_storage(
        STORAGE_BUCKET,
        endpoint_url=env_str("STORAGE_ENDPOINT_URL", "") or None,
        region_name=env_str("STORAGE_REGION", "") or None,
        access_key=env_str("STORAGE_ACCESS_KEY_ID", "") or None,
        secret_key=env_str("STORAGE_SECRET_ACCESS_KEY", "") or None,
    )

# One cache shared by every process of the portal (web workers and the task worker), so
# that a publication clears what all of them cached. On one host, files need no server:
# each store lists the directory (about 1 ms per 1,000 entries) to keep it under
# CACHE_MAX_ENTRIES: 5,000 pages is the busy part of a council's portal, about 250 MB.
# Several web hosts share Redis instead: CACHE_URL=redis://host:6379/0 (Django's own
# Redis backend; CACHE_KEY_PREFIX parts several portals on one server).
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal") + suffix,
        }
        # Rate limits count under keys of their own, never culled with pages.
        for name, suffix in (("default", ""), ("ratelimit", "-ratelimit"))
    }
    SILENCED_SYSTEM_CHECKS = []
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_LOCATION", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5_000)},
        }
    }
    # Rate limits (django-ratelimit: password reset requests) count in a directory of
    # their own, so that culling the page cache never forgets them. Files have no atomic
    # increment (django_ratelimit.E003): requests handled at the same instant may count
    # as one, so a client can pass a limit at most by the number of requests gunicorn
    # serves at once (workers x threads) each time. That still stops a flood of reset
    # e-mails, without running a cache server.
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(CACHES["default"]["LOCATION"]) / "ratelimit"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "ratelimit"

# How long a signed-out visitor's page is kept (council_portal.pagecache); 0 turns it off.
# Publishing, correcting or withdrawing papers clears it at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600 if PRODUCTION else 0)
# A streamed download (CSV) is kept in the page cache only up to this size: it is held in
# memory while it is sent and stored. A larger one streams afresh each time.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 10 * 1024 * 1024)

# Committee packs run to hundreds of pages; the upload limit is checked before parsing.
PACK_MAX_BYTES = env_int("PACK_MAX_BYTES", 200 * 1024 * 1024)

# Behind nginx, PDFs on the host's disk are sent by nginx after the portal's access check:
# the URL prefix of an `internal` location whose `alias` is MEDIA_ROOT (README). Empty:
# the portal streams them itself (and always does from a bucket).
PDF_ACCEL_REDIRECT = env_str("PDF_ACCEL_REDIRECT", "")

# The portal's address as links in e-mails give it (alerts are sent by a command, with
# no request to read the host from): the first of ALLOWED_HOSTS over HTTPS by default.
SITE_URL = env_str(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")

# E-mail (password resets, alerts): SMTP in production, from the environment; in development the
# messages are printed to the console, so a reset link can be followed locally.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "democratic.services@example.gov.uk")
# The parser reads each PDF in a child process held to this much memory (address space)
# and this long; a PDF that inflates past them is refused, and the worker lives on.
IMPORT_MEMORY_LIMIT_MB = env_int("IMPORT_MEMORY_LIMIT_MB", 1024)
IMPORT_TIME_LIMIT_SECONDS = env_int("IMPORT_TIME_LIMIT_SECONDS", 600)
# A running import beats this often, whatever it is doing; one silent for
# IMPORT_STALLED_SECONDS has lost its worker: it is started again once by itself, and
# after a second loss marked failed for staff to try again.
IMPORT_HEARTBEAT_SECONDS = env_int("IMPORT_HEARTBEAT_SECONDS", 15)
IMPORT_STALLED_SECONDS = env_int("IMPORT_STALLED_SECONDS", 90)
if IMPORT_STALLED_SECONDS < 3 * IMPORT_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "IMPORT_STALLED_SECONDS must be at least three heartbeats (IMPORT_HEARTBEAT_SECONDS): "
        f"{IMPORT_STALLED_SECONDS} < 3 × {IMPORT_HEARTBEAT_SECONDS}"
    )
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# No inline script anywhere; styles and scripts from the portal itself only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_HTTPS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Chatty at INFO: axes tells of every sign-in, pikepdf of starting up in each process.
    "loggers": {"axes": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}
