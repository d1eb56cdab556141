"""WSGI entry point for gunicorn: `gunicorn trayecto.web.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trayecto.web.config.settings")
application = get_wsgi_application()
