from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "veivalg.placements"
    verbose_name = _("Plasser, ventelister og dynamisk flyt")

    def ready(self) -> None:
        from . import (
            receivers,  # noqa: F401  (intake's signals feed placements and waiting lists)
            rules,  # noqa: F401  (registers the permission rules)
        )
