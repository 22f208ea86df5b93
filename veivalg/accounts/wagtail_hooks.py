"""Administrators manage organisations and staff roles in the admin (/redaktor/).

Only users with the model permissions (superusers, or a group an administrator is given) see
these menus. Wagtail's log records every create, change and delete: who, what and when.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation, StaffRole


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "org_number"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
    panels = ["name", "kind", "org_number", "municipalities", "provider", "email", "phone"]


class StaffRoleViewSet(SnippetViewSet):
    model = StaffRole
    icon = "user"
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    panels = ["user", "organisation", "role"]


class StaffViewSetGroup(SnippetViewSetGroup):
    menu_label = "Virksomheter og roller"
    menu_icon = "group"
    menu_order = 900
    items = (OrganisationViewSet, StaffRoleViewSet)


register_snippet(StaffViewSetGroup)
