"""`wagtail.urls` with the page view behind the page cache: mount with
`path("info/", include("veivalg.content.urls"))` in place of `include(wagtail_urls)`."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from . import views

urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, views.serve, name="wagtail_serve"),
]
