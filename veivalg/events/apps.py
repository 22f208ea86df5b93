from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "veivalg.events"
    label = "events"
    verbose_name = "Arrangementer"

    def ready(self) -> None:
        from .caching import connect_signals

        connect_signals()

        from veivalg.accounts import own_data as accounts

        from .retention import anonymise_old_registrations, remove_unconfirmed_registrations

        accounts.EXPIRY_RULES.append(anonymise_old_registrations)
        accounts.EXPIRY_RULES.append(remove_unconfirmed_registrations)

        from .tasks import register_mail_purposes

        register_mail_purposes()
