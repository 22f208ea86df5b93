"""Statistics: the staff dashboard under /ansatt/statistikk/, the public page at /statistikk/."""

from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("ansatt/statistikk/", views.staff_dashboard, name="staff"),
    path("ansatt/statistikk/csv/", views.staff_csv, name="staff_csv"),
    path("statistikk/", views.public_dashboard, name="public"),
    path("statistikk/csv/", views.public_csv, name="public_csv"),
]
