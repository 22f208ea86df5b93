from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "veivalg.core"
    label = "core"
    verbose_name = "Kjerne"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .ratelimit import count_failed_sign_in

        # Failed staff sign-ins count per address across usernames (see ratelimit.py).
        user_login_failed.connect(count_failed_sign_in, dispatch_uid="ratelimit-sign-in-failures")
