"""veivalg.urls with a minimal Django view: the ceiling a page's requests/s is compared with."""

from django.http import HttpResponse
from django.urls import path

from veivalg.urls import handler404, handler500  # noqa: F401
from veivalg.urls import urlpatterns as project_urlpatterns


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
