from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "veivalg.places"
    label = "places"
    verbose_name = "Steder"
