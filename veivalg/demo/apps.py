from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo data and the commands that load it (`manage.py load_demo`). No models.

    The demo app may import every domain app; no domain app imports it (outside tests)."""

    name = "veivalg.demo"
    label = "demo"
    verbose_name = "Demodata"
