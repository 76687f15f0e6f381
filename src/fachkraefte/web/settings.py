"""Django settings, configured from environment variables (see ``docs/web.md``).

FACHKRAEFTE_DEBUG, FACHKRAEFTE_SECRET_KEY, FACHKRAEFTE_ALLOWED_HOSTS, FACHKRAEFTE_HTTPS,
DATABASE_URL, FACHKRAEFTE_DATA_DIR, FACHKRAEFTE_NODE_MODULES, FACHKRAEFTE_TASK_WORKERS,
FACHKRAEFTE_TASK_REDIS_URL, FACHKRAEFTE_MAX_UPLOAD_BYTES.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from fachkraefte.paths import data_dir, node_modules_dir
from fachkraefte.web.secret import secret_key

WEB_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("FACHKRAEFTE_DEBUG")
SECRET_KEY = secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("FACHKRAEFTE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # Before staticfiles so that runserver leaves static files to WhiteNoise, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "fachkraefte.web.core",
    "fachkraefte.web.accounts",
    "fachkraefte.web.audit",
    "fachkraefte.web.organisations",
    "fachkraefte.web.programmes",
    "fachkraefte.web.alliances",
    "fachkraefte.web.decisions",
    "fachkraefte.web.funding",
    "fachkraefte.web.calls",
    "fachkraefte.web.proposals",
    "fachkraefte.web.reviews",
    "fachkraefte.web.notifications",
    "fachkraefte.web.projects",
    "fachkraefte.web.reporting",
    "fachkraefte.web.outcomes",
    "fachkraefte.web.payments",
    "fachkraefte.web.programmestats",
    "fachkraefte.web.transparency",
    "fachkraefte.web.workshops",
    "fachkraefte.web.knowledge",
    "fachkraefte.web.sitesearch",
    "fachkraefte.web.overlaps",
    "fachkraefte.web.statistics",
    "fachkraefte.web.tasks",
    "fachkraefte.web.monitor",
    "fachkraefte.web.briefings",
    "fachkraefte.web.workshop_outcomes",
    "fachkraefte.web.api",
    "fachkraefte.web.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fachkraefte.web.security.content_security_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fachkraefte.web.null_characters.reject_null_characters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fachkraefte.web.core.errors.error_pages",
]

ROOT_URLCONF = "fachkraefte.web.urls"
WSGI_APPLICATION = "fachkraefte.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{data_dir() / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT ... FOR UPDATE. Starting every transaction as a write transaction
    # (BEGIN IMMEDIATE) makes the budget lock real there too: a second booking waits (up to the
    # timeout) until the first has committed, then sees its entry (funding.ledger.locked).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "personal_start"
LOGOUT_REDIRECT_URL = "core:start"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_THOUSAND_SEPARATOR = True  # 1.234.567 in German, 1,234,567 in English
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = data_dir() / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder on every start
# Uploaded PDFs (call documents, proposal attachments): no public URL, only views that ask
# the rules serve them (``core.uploads`` checks and stores them).
MEDIA_ROOT = data_dir() / "uploads"
FACHKRAEFTE_MAX_UPLOAD_BYTES = int(
    os.environ.get("FACHKRAEFTE_MAX_UPLOAD_BYTES") or 10 * 1024 * 1024
)
# The design system and htmx come from npm (package.json) and are served from our own origin.
STATICFILES_DIRS = [
    WEB_DIR / "static",
    ("vendor/kern", node_modules_dir() / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", node_modules_dir() / "htmx.org" / "dist"),
    ("vendor/vega", node_modules_dir() / "vega" / "build"),
    ("vendor/vega-lite", node_modules_dir() / "vega-lite" / "build"),
    ("vendor/vega-embed", node_modules_dir() / "vega-embed" / "build"),
    ("vendor/vega-interpreter", node_modules_dir() / "vega-interpreter" / "build"),
]
# WhiteNoise serves straight from the finders, so no collectstatic step is needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Cookies and headers. Behind HTTPS (FACHKRAEFTE_HTTPS=1) cookies are Secure and HSTS is on;
# the local demo server speaks plain HTTP on 127.0.0.1.
HTTPS = _flag("FACHKRAEFTE_HTTPS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "fachkraefte.web.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_SSL_REDIRECT = _flag("FACHKRAEFTE_SSL_REDIRECT", True)

# REST API: the same permissions as the UI (each viewset names its permission classes),
# token auth for scripts and session auth for the browser; every list is paginated. Token comes
# first: DRF takes the WWW-Authenticate header from the first class, and only with one does an
# anonymous call answer 401 (with "Token") instead of 403.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        # django-filter's, with 400 answers that name the valid forms of a filter value
        "fachkraefte.web.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "2400/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fachkräfte-Plattform API",
    "DESCRIPTION": "Regionale Fachkräftesicherung: Regionen, Allianzen, Beschlüsse, Prognosen.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: served from our own origin, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several records have a field "status"; name each choice set after its record.
    "ENUM_NAME_OVERRIDES": {
        "CallStatusEnum": "fachkraefte.web.calls.models.Call.Status",
        "ProposalStatusEnum": "fachkraefte.web.proposals.models.Proposal.Status",
        "CommitmentStatusEnum": "fachkraefte.web.alliances.models.Commitment.Status",
        "AgendaItemStatusEnum": "fachkraefte.web.decisions.models.AgendaItem.Status",
        "CostTypeEnum": "fachkraefte.web.calls.models.CostType",
        "ProjectStatusEnum": "fachkraefte.web.projects.models.Project.Status",
        "WorkshopOutcomeStatusEnum": "fachkraefte.web.workshop_outcomes.models.Outcome.Status",
    },
}

# Behind reverse proxies the login throttle reads the client address from this header (e.g.
# HTTP_X_FORWARDED_FOR), taking the entry the outermost of the trusted proxies added; both must
# be set, else the socket address counts (docs/accounts.md: a wrong count lets clients spoof).
FACHKRAEFTE_CLIENT_IP_HEADER = os.environ.get("FACHKRAEFTE_CLIENT_IP_HEADER") or None
FACHKRAEFTE_TRUSTED_PROXY_COUNT = int(os.environ.get("FACHKRAEFTE_TRUSTED_PROXY_COUNT") or 0)

# Background tasks (docs/tasks.md): django-q2. Its queue lives in the Django database (the
# ORM broker) unless FACHKRAEFTE_TASK_REDIS_URL names a Redis server, which workers on
# several machines then share. A task may run up to an hour; the broker hands a job to
# another worker only after ``retry`` seconds without an acknowledgement, and never twice
# to ours (the task record is claimed once, ``max_attempts`` 1).
Q_CLUSTER = {
    "name": "fachkraefte",
    "workers": int(os.environ.get("FACHKRAEFTE_TASK_WORKERS", "2")),
    "timeout": 60 * 60,
    "retry": 60 * 60 + 5 * 60,
    "max_attempts": 1,
    "ack_failures": True,
    "catch_up": False,  # a periodic job missed while no worker ran runs once, not per miss
    "save_limit": 500,
    "poll": 1,
}
if os.environ.get("FACHKRAEFTE_TASK_REDIS_URL"):
    Q_CLUSTER["redis"] = os.environ["FACHKRAEFTE_TASK_REDIS_URL"]
else:
    Q_CLUSTER["orm"] = "default"

EMAIL_BACKEND = os.environ.get(
    "FACHKRAEFTE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("FACHKRAEFTE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FACHKRAEFTE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FACHKRAEFTE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FACHKRAEFTE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("FACHKRAEFTE_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("FACHKRAEFTE_EMAIL_FROM", "noreply@fachkraefte.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_4xx": {"()": "fachkraefte.web.core.errors.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # 4xx answers (a refused permission, a missing page) are one line; 5xx keep the traceback.
    "loggers": {"django.request": {"filters": ["one_line_4xx"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
