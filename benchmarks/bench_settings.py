"""The project's settings plus one minimal view (benchmarks.bench_urls) for the load ratio.

Static files come from the app folders through whitenoise's finders, so no collectstatic is
needed before a run; everything else is the production configuration from the environment.
"""

from veivalg.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
WSGI_APPLICATION = "benchmarks.bench_wsgi.application"
WHITENOISE_USE_FINDERS = True
# The load tests send every request from 127.0.0.1; in production these are many readers on many
# addresses, so the per-address limit on forms (core/ratelimit.py) is off here.
RATE_LIMITS: dict = {}
