from django.urls import path

from .api import api

# Mounted at /api/ by the project: the HSDS routes live under /api/hsds/, the docs at /api/docs.
urlpatterns = [path("", api.urls)]
