from django.urls import path

from . import staff

app_name = "staff"
urlpatterns = [
    path("ansatt/kode/", staff.verify, name="verify"),
    path("ansatt/kode/ny-app/", staff.enrol, name="enrol"),
]
