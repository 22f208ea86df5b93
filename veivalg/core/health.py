"""Health endpoints for a load balancer or a process supervisor.

- `/helse/` (live): the process answers. No database, no cache: a restart does not help a
  database outage, so liveness must not depend on it.
- `/helse/klar/` (ready): the database answers a query (else 503, take this server out of the
  pool). The shared cache is reported but does not decide: the site keeps serving without it.
Both return small JSON with no details of the setup (no host names, no error texts).
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks}, status=status)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache() -> str:
    try:
        cache = caches["default"]
        cache.set("veivalg:health", "1", 10)
        return "ok" if cache.get("veivalg:health") == "1" else "unavailable"
    except Exception:  # any client error of any cache backend means: not there
        return "unavailable"
