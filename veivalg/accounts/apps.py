from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veivalg.accounts"
    label = "accounts"
    verbose_name = "Brukere"
