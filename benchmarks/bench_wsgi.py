"""WSGI entry point for the load benchmarks: the project with benchmarks.bench_settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
application = get_wsgi_application()
