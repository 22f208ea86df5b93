from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "veivalg.audit"
    label = "audit"
    verbose_name = "Innsynslogg"

    def ready(self) -> None:
        from veivalg.accounts.own_data import EXPORTERS

        from . import receivers  # noqa: F401
        from .services import export_access_log

        EXPORTERS.append(("innsynslogg", export_access_log))
