"""Settings from environment variables, with safe defaults for a laptop.

A fresh clone needs no .env: a SQLite file and a generated SECRET_KEY under $TRAYECTO_HOME, DEBUG
off (set DEBUG=1 to develop). Production sets TRAYECTO_ENV=production (see production.py and
docs/deploy.md); the tests use test_settings.py.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from trayecto import paths
from trayecto.warehouse import engine
from trayecto.web.config import secret


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


WEB_DIR = Path(__file__).resolve().parent.parent
TRAYECTO_HOME = paths.home()
WAREHOUSE_DIR = paths.warehouse_dir()

# Off unless asked for: `trayecto serve` and the demo show no tracebacks to a visitor.
DEBUG = env_bool("DEBUG", False)
# Never a key published in the source: the environment's, or one generated into the home.
SECRET_KEY = os.environ.get("SECRET_KEY") or secret.key_in_home(TRAYECTO_HOME)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "trayecto.web.accounts",
    "trayecto.web.statistics",
    "trayecto.web.response",
    "trayecto.web.needs",
    "trayecto.web.coordination",
    "trayecto.web.api",
    "trayecto.web.emergencies",
    "trayecto.web.trajectory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "trayecto.web.language.SpanishFirstMiddleware",  # Spanish unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trayecto.web.config.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "trayecto.web.config.urls"
WSGI_APPLICATION = "trayecto.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trayecto.web.navigation.navigation",  # the links a role may open
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{paths.sqlite_path()}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write at once (two partners uploading): WAL lets readers go on while
    # one writes; IMMEDIATE takes the write lock when a transaction starts, so a transaction
    # never fails half-way upgrading a read lock ("database is locked"), it waits instead,
    # up to `timeout` seconds (the busy timeout). Write transactions are kept short.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("TRAYECTO_SQLITE_TIMEOUT", "30")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: not like the username or e-mail, at least 10 characters, not a common password,
# not only digits (`84736251` is refused twice over).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login rate limits (django-axes, docs/deploy.md): after AXES_FAILURE_LIMIT failed logins for
# one account, or from one address, that account or address waits AXES_COOLOFF_TIME.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("TRAYECTO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TRAYECTO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account, per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "trayecto.web.accounts.login_limits.locked_out"
AXES_CLIENT_IP_CALLABLE = "trayecto.web.accounts.login_limits.client_ip"
TRAYECTO_PROXY_COUNT = int(os.environ.get("TRAYECTO_PROXY_COUNT", "0"))
# The engine of the batch tasks' analytics (the monthly bulletins): duckdb, or spark to run
# the same SQL on a Spark cluster (docs/scale.md). Pages are always read on DuckDB.
TRAYECTO_ENGINE = engine.default_engine()
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = TRAYECTO_HOME / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the app folders without collectstatic in the demo

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# Uploads: partner workbooks are small; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
TRAYECTO_MAX_UPLOAD_BYTES = int(os.environ.get("TRAYECTO_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# API calls per user (token or session) or per address (anonymous), per process: "N/s|m|h|d".
TRAYECTO_API_RATE = os.environ.get("TRAYECTO_API_RATE", "600/m")
# API results kept per process and warehouse version (web/api/results.py); 0 turns it off
TRAYECTO_API_CACHE_ENTRIES = int(os.environ.get("TRAYECTO_API_CACHE_ENTRIES", "256"))
# the reach page's warehouse figures kept per manifest version (web/response/selectors/kept.py)
TRAYECTO_REACH_CACHE_ENTRIES = int(os.environ.get("TRAYECTO_REACH_CACHE_ENTRIES", "256"))

# 5W counting (docs/methodology/reach.md): the consolidation rule every published figure uses
# and records, and the report states that dashboards, exports and reach count.
TRAYECTO_REACH_RULE = os.environ.get("TRAYECTO_REACH_RULE", "max_activity_then_sum_municipality")
TRAYECTO_COUNTED_STATUSES = env_list("TRAYECTO_COUNTED_STATUSES", "approved,published")

# Mail (`trayecto reminders --send`): by default every message is written to a file under
# $TRAYECTO_HOME/outbox, so nothing leaves a laptop by accident; production sets
# TRAYECTO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST & co.
EMAIL_BACKEND = os.environ.get(
    "TRAYECTO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = TRAYECTO_HOME / "outbox"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trayecto <trayecto@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if os.environ.get("TRAYECTO_ENV") == "production":
    from trayecto.web.config.production import *  # noqa: F403
