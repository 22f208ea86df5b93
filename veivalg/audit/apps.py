from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "veivalg.audit"
    label = "audit"
    verbose_name = "Innsynslogg"
