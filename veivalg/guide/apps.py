from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "veivalg.guide"
    label = "guide"
    verbose_name = "Veiviser"
