from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "veivalg.reminders"
    label = "reminders"
    verbose_name = "Påminnelser"

    def ready(self) -> None:
        from .tasks import register_mail_purposes

        register_mail_purposes()
