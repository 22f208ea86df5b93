from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veivalg.accounts"
    label = "accounts"
    verbose_name = "Brukere"

    def ready(self) -> None:
        # The outgoing-mail records hold addresses; core cannot know this registry, so it is
        # registered here.
        from veivalg.core.mail import remove_old_mail

        from .own_data import EXPIRY_RULES

        EXPIRY_RULES.append(remove_old_mail)
