from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("sok/", views.search, name="search"),
    path("tilbud/<slug:slug>/", views.offer_detail, name="offer"),
    path("tilbud/<slug:slug>/meld-feil/", views.report_error, name="report_error"),
    path("tilbyder/<slug:slug>/", views.organization_detail, name="organization"),
]
