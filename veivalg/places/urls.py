from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("kommune/", views.choose_municipality, name="choose"),
    path("kommune/forslag/", views.suggest_municipalities, name="suggest"),
]
