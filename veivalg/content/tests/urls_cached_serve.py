"""The project's URLs with /info/ mounted through veivalg.content.urls (the page view behind the
page cache), for the tests of that view."""

from django.urls import include, path

from veivalg.urls import handler404, handler500  # noqa: F401
from veivalg.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("info/", include("veivalg.content.urls")),
    *(pattern for pattern in project_urlpatterns if str(pattern.pattern) != "info/"),
]
