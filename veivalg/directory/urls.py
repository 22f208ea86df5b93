from django.urls import path

from .views import municipality, offers

app_name = "directory"
urlpatterns = [
    # After places' own /kommune/ and /kommune/forslag/ (the root URLconf includes places first).
    path("kommune/<slug:slug>/", municipality.municipality, name="municipality"),
    path("sok/", offers.search, name="search"),
    path("tilbud/<slug:slug>/", offers.offer_detail, name="offer"),
    path("tilbud/<slug:slug>/meld-feil/", offers.report_error, name="report_error"),
    path("tilbyder/<slug:slug>/", offers.organization_detail, name="organization"),
]
