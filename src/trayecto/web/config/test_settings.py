"""Test settings: fast password hashing, the same database choice as the base settings."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# No test writes into the checkout's ./var: without a home of their own the tests share a
# throwaway one (tests/conftest.py also gives each test its own), removed when the process
# that made it ends; the processes the tests start are given it and make none.
if "TRAYECTO_HOME" not in os.environ:
    os.environ["TRAYECTO_HOME"] = tempfile.mkdtemp(prefix="trayecto-tests-")
    atexit.register(shutil.rmtree, os.environ["TRAYECTO_HOME"], ignore_errors=True)
# The tests keep their own key instead of generating one into $TRAYECTO_HOME (config/secret.py).
os.environ.setdefault("SECRET_KEY", "trayecto-tests-" + "k3y-0f-th3-t3st-su1t3-n0t-s3cr3t" * 2)

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
