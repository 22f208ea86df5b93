from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "veivalg.content"
    label = "content"
    verbose_name = "Innhold"

    def ready(self) -> None:
        from .caching import connect_signals

        connect_signals()
