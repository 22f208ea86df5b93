from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "veivalg.events"
    label = "events"
    verbose_name = "Arrangementer"

    def ready(self) -> None:
        from .caching import connect_signals

        connect_signals()
