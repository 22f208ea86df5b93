"""Events in the editors' admin: a snippet scoped to the editor's municipalities, like offers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from veivalg.directory.permissions import MunicipalityScopedPermissionPolicy
from veivalg.directory.wagtail_hooks import ScopedForm, ScopedViewSet

from .models import Event

register_permission_policy(Event, MunicipalityScopedPermissionPolicy(Event, scope_field="municipality"))


class EventViewSet(ScopedViewSet):
    model = Event
    icon = "date"
    menu_label = _("Arrangementer")
    add_to_admin_menu = True
    list_display = ["title", "kind", "starts_at", "municipality", "registration_open"]
    list_filter = ["kind", "municipality", "registration_open"]
    search_fields = ["title"]
    ordering = ["-starts_at"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("kind"),
                    FieldPanel("title"),
                    FieldPanel("title_nn"),
                    FieldPanel("description"),
                    FieldPanel("description_nn"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("all_day"),
                    MultiFieldPanel(
                        [
                            FieldPanel("for_young"),
                            FieldPanel("for_relatives"),
                            FieldPanel("for_professionals"),
                        ],
                        heading=_("For hvem"),
                    ),
                ],
                heading=_("Innhold"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("place_name"), FieldPanel("address")]),
                    FieldPanel("accessibility"),
                    FieldPanel("accessibility_nn"),
                ],
                # The tab with where an event is held; "Sted" alone is also a form row elsewhere.
                heading=pgettext_lazy("fane for arrangementets sted", "Sted"),
            ),
            ObjectList(
                [
                    FieldPanel("municipality"),
                    FieldRowPanel([FieldPanel("organiser"), FieldPanel("organiser_email")]),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
                ],
                heading=_("Påmelding"),
            ),
        ],
        base_form_class=ScopedForm,
    )


register_snippet(EventViewSet)
