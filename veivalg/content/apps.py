from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "veivalg.content"
    label = "content"
    verbose_name = "Innhold"
