from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "veivalg.reminders"
    label = "reminders"
    verbose_name = "Påminnelser"
