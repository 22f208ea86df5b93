from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "veivalg.core"
    label = "core"
    verbose_name = "Kjerne"
