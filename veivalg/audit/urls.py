from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("min-side/hvem-har-sett/", views.access_log, name="access_log"),
    path("ansatt/person/<uuid:person_id>/", views.open_record, name="open_record"),
]
