from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "veivalg.directory"
    label = "directory"
    verbose_name = "Tilbudsoversikt"

    def ready(self) -> None:
        from veivalg.core.page_cache import register_version_source

        from . import signals  # noqa: F401
        from .caching import directory_version

        register_version_source(directory_version)
