from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("arrangementer/", views.event_list, name="list"),
    path("arrangementer/avmelding/<str:token>/", views.cancel, name="cancel"),
    path("arrangementer/bekreft/<str:token>/", views.confirm, name="confirm"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="detail"),
    path("arrangementer/<slug:slug>/pamelding/", views.register, name="register"),
    path("arrangementer/<slug:slug>/pamelding/kvittering/", views.receipt, name="receipt"),
    path("arrangementer/<slug:slug>/deltakere/", views.participants, name="participants"),
    path("arrangementer/<slug:slug>/deltakere.csv", views.participants_csv, name="participants_csv"),
    path("kommune/<slug:slug>/arshjul/", views.annual_wheel, name="wheel"),
    path("kommune/<slug:slug>/arshjul.ics", views.annual_wheel_feed, name="wheel_feed"),
]
