"""WSGI entry point, e.g. ``gunicorn fachkraefte.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fachkraefte.web.settings")
application = get_wsgi_application()
