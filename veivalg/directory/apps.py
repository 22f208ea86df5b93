from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "veivalg.directory"
    label = "directory"
    verbose_name = "Tilbudsoversikt"

    def ready(self) -> None:
        from . import signals  # noqa: F401
