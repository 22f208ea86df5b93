from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "veivalg.content"
    label = "content"
    verbose_name = "Innhold"

    def ready(self) -> None:
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from .caching import connect_signals
        from .permissions import MunicipalityPagePermissionPolicy

        connect_signals()
        # At start-up, not in wagtail_hooks (loaded on first use): no page check may run first.
        register_permission_policy(Page, MunicipalityPagePermissionPolicy(Page))
