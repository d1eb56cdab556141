"""Production hardening, applied when TRAYECTO_ENV=production. See docs/deploy.md."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from trayecto.web.config import secret

DEBUG = False
# Production takes its key from the environment (shared by every server), never from a file.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not secret.is_strong(SECRET_KEY):
    raise ImproperlyConfigured(secret.WEAK_KEY)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the public host names, comma-separated.")

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto and X-Forwarded-For
# (the address login limits count: accounts/login_limits.py).
TRAYECTO_PROXY_COUNT = int(os.environ.get("TRAYECTO_PROXY_COUNT", "1"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
