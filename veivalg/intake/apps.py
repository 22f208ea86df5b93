from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "veivalg.intake"
    verbose_name = _("Søknad og saksbehandling")

    def ready(self) -> None:
        from veivalg.audit.services import CASELOAD_CHECKS

        from . import rules  # noqa: F401  (registers the permission rules)
        from .selectors import in_caseload

        CASELOAD_CHECKS.append(in_caseload)

        from veivalg.accounts import own_data as accounts

        from . import retention

        accounts.EXPIRY_RULES.append(retention.expire_drafts)
        accounts.ERASERS.append(retention.erase_drafts)
        accounts.KEPT_ON_ERASURE.append(retention.KEPT)
        accounts.EXPORTERS.append(("soknader_og_saker", retention.export_for_person))

        from .tasks import register_mail_purposes

        register_mail_purposes()
