"""Settings for Kundval, read from the environment (README lists every variable).

One file for every environment: what differs between a laptop and production is
an environment variable, never a second settings module. `make` writes a `.env`
with `DEBUG=on` for local use; production passes real variables instead.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# KUNDVAL_ENV_FILE lets production point at /etc/kundval/env, and tests at nothing.
environ.Env.read_env(os.environ.get("KUNDVAL_ENV_FILE", str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, Environment)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "kundval.apps.KundvalAdminConfig",  # django.contrib.admin, with two-factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Our apps, in the one direction imports may run (docs/architecture.md §1).
    "kundval",
    "providers",
    "authorization",
    "customers",
    "vouchers",
    "followup",
    "compare",
]

MIDDLEWARE = [
    "kundval.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The header middlewares sit above every one that may answer early (the
    # NUL refusal), so those answers carry the house headers too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below WhiteNoise, which answers static files itself: they keep their caching.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kundval.middleware.NoStoreMiddleware",
    "kundval.middleware.SwedishFirstLocaleMiddleware",
    # Above the session, which would load a NUL-bearing session key from the
    # database on the way out (SESSION_SAVE_EVERY_REQUEST), and before
    # anything reads a form or a filter from the request.
    "kundval.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells from the session whether the user has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Axes last, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kundval.urls"
WSGI_APPLICATION = "kundval.wsgi.application"

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
                "kundval.context_processors.roles",
            ],
        },
    },
]


def _database() -> dict:
    """DATABASE_URL if given, else the private cluster `make` runs under var/."""
    if "DATABASE_URL" in os.environ:
        return env.db("DATABASE_URL")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env.str("KUNDVAL_DB_NAME", default="kundval"),
        "USER": "postgres",
        "HOST": str(VAR_DIR / "pg" / "run"),
    }


DATABASES = {"default": _database()}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
# Demo mode (make run's .env) is the one place two-factor sign-in is off:
# the demo users have no authenticator (docs/sign-in.md).
DEMO_MODE = env.bool("DEMO_MODE", default=False)
TWO_FACTOR_REQUIRED = not DEMO_MODE
OTP_TOTP_ISSUER = "Kundval"
LOGIN_URL = "login"
# Municipal single sign-on (kundval/oidc.py), off unless OIDC_ENABLED; the
# OIDC_* variables are read only then (README, docs/sign-in.md).
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("kundval.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False  # accounts are made in Kundval, never from a claim
LOGIN_REDIRECT_URL_FAILURE = "/logga-in/"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

# Lockout: after AXES_FAILURE_LIMIT failures for one username from one address,
# that pair is locked for the cool-off time.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "kundval.middleware.client_ip"
# Number of reverse proxies in front of gunicorn that append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Private files (quality reports, evidence) live outside the web root and are
# served only by views that check permission.
MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Secure by default; a plain-HTTP local run turns DEBUG on.
# Sessions end after 30 minutes idle: each request pushes the end forward.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "kundval.views.csrf_failure"
# No inline script or style anywhere: they live in static/ (tests/headers.py
# checks every page of the access matrix, the browser tests every journey).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Mail: the console in development; EMAIL_URL (smtp://user:pass@host:587) in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kundval@localhost")
# Absolute links in e-mails are built on this; a worker has no request to ask.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery. Without a broker, tasks run eagerly in the web process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Run by `celery -A kundval beat` in production; times are Stockholm's.
CELERY_BEAT_SCHEDULE = {
    "remind-expiring-documents": {
        "task": "authorization.remind_expiring_documents",
        "schedule": crontab(hour=6, minute=0),
    },
    "send-waiting-mail": {
        "task": "kundval.send_waiting_mail",
        "schedule": crontab(minute="*/5"),
    },
    # Gallring: daily, so a file is gone within days of falling due, well
    # inside the calendar year the law allows (docs/retention.md).
    "retention-run": {
        "task": "vouchers.retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
    "remind-overdue-complaints": {
        "task": "followup.remind_overdue_complaints",
        "schedule": crontab(hour=7, minute=0),
    },
}

REST_FRAMEWORK = {
    # Token first, so a bad token gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Default deny: a view that declares no access policy answers 403.
    "DEFAULT_PERMISSION_CLASSES": ["kundval.access.DeclaredAccess"],
    # JSON only: DRF's browsable API needs inline style, which the CSP forbids;
    # people read the API at /api/docs/ (Swagger UI).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "kundval.rest_schema.AutoSchema",
    # kundval.rest: bad input is a clear 400 or 404, never a 500.
    "DEFAULT_PARSER_CLASSES": [
        "kundval.rest.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "kundval.rest.BoundedPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "kundval.rest.api_exception_handler",
}
# A request body held in memory: the largest API batch (10 000 visits) is
# about 2 MiB of JSON. Uploaded files are streamed and not counted here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SPECTACULAR_SETTINGS = {
    "TITLE": "Kundval API",
    "DESCRIPTION": "Customer choice (LOV) in elderly and disability care.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a field named "category"; each choice set its name.
    "ENUM_NAME_OVERRIDES": {
        "ComplaintCategoryEnum": "followup.models.complaints.Category",
        "InterventionCategoryEnum": "kundval.models.places.InterventionCategory",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kundval.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {
            "format": (
                "%(asctime)s %(levelname)s %(name)s "
                "[%(request_id)s client=%(client_request_id)s] %(message)s"
            )
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
