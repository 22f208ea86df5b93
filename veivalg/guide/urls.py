from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("veiviser/", views.start, name="start"),
    path("veiviser/sporsmal/<int:number>/", views.step, name="step"),
    path("veiviser/oversikt/", views.overview, name="overview"),
]
