"""Test settings: fast password hashing, the same database choice as the base settings."""

from __future__ import annotations

from trayecto.web.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# pytest-django turns DEBUG off; let whitenoise find static files on request, as in the demo,
# instead of scanning a STATIC_ROOT that only `collectstatic` creates.
WHITENOISE_AUTOREFRESH = True
