from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "veivalg.events"
    label = "events"
    verbose_name = "Arrangementer"
