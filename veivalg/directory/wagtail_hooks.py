"""The editors' side of the directory in Wagtail: snippets with drafts and revisions, scoped to
the editor's municipalities, and a dashboard panel of offers past their review date."""

from __future__ import annotations

import rules
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from veivalg.places.models import Municipality

from .models import (
    ErrorReport,
    Location,
    Offer,
    Organization,
    SearchSynonym,
    default_review_by,
    validate_web_address,
)
from .permissions import MunicipalityScopedPermissionPolicy
from .rules import editable_municipality_ids


class ScopedForm(WagtailAdminModelForm):
    """Limits municipality choices to those the editor is assigned, and web addresses to http and
    https with one clear message (the form field's own check would only say «invalid»)."""

    scoped_fields = ("owner_municipality", "municipality")
    web_address_fields = ("url", "website")

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        allowed = editable_municipality_ids(for_user) if for_user else set()
        if allowed is not None:
            for name in self.scoped_fields:
                if name in self.fields:
                    self.fields[name].queryset = Municipality.objects.filter(id__in=allowed)
        for name in self.web_address_fields:
            if name in self.fields:
                self.fields[name].validators = [validate_web_address]
        if "review_by" in self.fields and not self.instance.review_by:
            self.initial.setdefault("review_by", default_review_by())


for _model, _scope in (
    (Offer, "owner_municipality"),
    (Organization, "municipality"),
    (Location, "municipality"),
):
    register_permission_policy(_model, MunicipalityScopedPermissionPolicy(_model, scope_field=_scope))


class ScopedObjectMixin:
    """Answers 404 for an object outside the editor's municipalities, before the view runs,
    so edit, history, revisions, usage and delete views alike cannot be probed by id."""

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            obj = self.model._default_manager.filter(pk=unquote(str(pk))).first()
            if obj is not None and not rules.test_rule("directory.edit_in_municipality", request.user, obj):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedViewSet(SnippetViewSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every view class, not a list of them: a view of one object that a later Wagtail adds
        # (or one forgotten here, like revisions_revert was) is scoped as well. Views without
        # an object (list, add) pass through the mixin unchanged.
        for attribute in [name for name in dir(type(self)) if name.endswith("_view_class")]:
            view_class = getattr(self, attribute, None)
            if view_class is not None and not issubclass(view_class, ScopedObjectMixin):
                setattr(
                    self, attribute, type(f"Scoped{view_class.__name__}", (ScopedObjectMixin, view_class), {})
                )

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change", "view", "publish"]
        )


class OfferViewSet(ScopedViewSet):
    model = Offer
    icon = "list-ul"
    menu_label = _("Tilbud")
    list_display = ["title", "kind", "owner_municipality", "review_by", "status"]
    list_filter = ["kind", "status", "owner_municipality", "live"]
    search_fields = ["title"]
    ordering = ["review_by"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("title_nn"),
                    FieldRowPanel([FieldPanel("organization"), FieldPanel("kind")]),
                    FieldPanel("summary"),
                    FieldPanel("summary_nn"),
                    FieldPanel("easy_read"),
                    FieldPanel("easy_read_nn"),
                    FieldPanel("description"),
                    FieldPanel("description_nn"),
                ],
                heading=_("Innhold"),
            ),
            ObjectList(
                [
                    FieldPanel("eligibility"),
                    FieldPanel("eligibility_nn"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                    FieldPanel("intake_route"),
                    FieldPanel("how_to_apply"),
                    FieldPanel("how_to_apply_nn"),
                    FieldRowPanel([FieldPanel("application_deadline"), FieldPanel("rolling_intake")]),
                    FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_nn")]),
                    FieldRowPanel([FieldPanel("places_total"), FieldPanel("next_open_day")]),
                    MultiFieldPanel(
                        [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("url")],
                        heading=_("Kontakt"),
                    ),
                ],
                heading=_("Søknad og kontakt"),
            ),
            ObjectList(
                [
                    FieldPanel("owner_municipality"),
                    InlinePanel("coverage", heading=_("Kommuner som kan bruke tilbudet"), label=_("Kommune")),
                    InlinePanel(
                        "offer_locations", heading=_("Steder"), label=pgettext_lazy("skjemarad", "Sted")
                    ),
                ],
                heading=_("Kommuner og steder"),
            ),
            ObjectList(
                [
                    FieldPanel("status"),
                    FieldRowPanel([FieldPanel("review_by"), FieldPanel("last_checked_on")]),
                    FieldPanel("checked_by"),
                ],
                heading=_("Kontroll"),
            ),
        ],
        base_form_class=ScopedForm,
    )


class OrganizationViewSet(ScopedViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Tilbydere")
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("org_number"),
        FieldPanel("municipality"),
        FieldPanel("description"),
        FieldPanel("description_nn"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("website"),
    ]

    def get_form_class(self, for_update=False):
        return self.get_edit_handler().get_form_class()

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ScopedForm).bind_to_model(self.model)


class LocationViewSet(OrganizationViewSet):
    model = Location
    icon = "site"
    menu_label = _("Steder")
    list_display = ["name", "address", "municipality"]
    panels = [
        FieldPanel("organization"),
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldPanel("municipality"),
        FieldPanel("accessibility"),
        FieldPanel("accessibility_nn"),
        FieldPanel("transport"),
        FieldPanel("transport_nn"),
        InlinePanel("opening_hours", heading=_("Åpningstider"), label=_("Åpningstid")),
    ]


class SynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Synonymer i søk")
    list_display = ["terms", "note"]
    panels = [FieldPanel("terms"), FieldPanel("note")]


class ErrorReportViewSet(ScopedViewSet):
    model = ErrorReport
    icon = "warning"
    menu_label = _("Feilmeldinger")
    list_display = ["offer", "created_at", "handled"]
    list_filter = ["handled"]
    panels = [FieldPanel("handled"), FieldPanel("message", read_only=True)]

    def get_queryset(self, request):
        allowed = editable_municipality_ids(request.user)
        queryset = ErrorReport.objects.select_related("offer")
        return queryset if allowed is None else queryset.filter(offer__owner_municipality__in=allowed)


class DirectoryGroup(SnippetViewSetGroup):
    items = (OfferViewSet, OrganizationViewSet, LocationViewSet, ErrorReportViewSet, SynonymViewSet)
    menu_icon = "list-ul"
    menu_label = _("Tilbudsoversikt")
    menu_name = "tilbudsoversikt"


register_snippet(DirectoryGroup)


class StaleOffersPanel(Component):
    """Dashboard: per municipality, how many offers are past their review date."""

    name = "stale_offers"
    order = 50
    template_name = "directory/admin/stale_offers_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        allowed = editable_municipality_ids(self.user)
        offers = Offer.objects.past_review(timezone.localdate()).exclude(status="defunct")
        if allowed is not None:
            offers = offers.filter(owner_municipality__in=allowed)
        rows = (
            offers.values("owner_municipality__id", "owner_municipality__name", "owner_municipality__number")
            .annotate(count=Count("id"))
            .order_by("-count", "owner_municipality__name")
        )
        oldest = offers.select_related("owner_municipality").order_by("review_by")[:10]
        return {"rows": list(rows), "oldest": list(oldest), "total": offers.count()}


@hooks.register("construct_homepage_panels")
def add_stale_offers_panel(request, panels):
    panels.append(StaleOffersPanel(request.user))


@hooks.register("before_delete_snippet")
def refuse_to_delete_what_is_in_use(request, instances):
    """An offer, provider or location that applications, decisions or places point to cannot be
    deleted (the database protects them; Wagtail's delete page then failed with a 500 after
    saying «referenced 0 times», since its reference index knows only content links). Say so
    before the editor confirms, and point to what to do instead."""
    if not instances or not isinstance(instances[0], (Offer, Organization, Location)):
        return None
    in_use = [str(instance) for instance in instances if protected_references(instance)]
    if not in_use:
        return None
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.error(
        request,
        _(
            "%(names)s kan ikke slettes fordi noe annet viser til det: tilbud, søknader, vedtak "
            "eller plasser. Sett status til «Avviklet» i stedet. Da vises det ikke lenger."
        )
        % {"names": ", ".join(f"«{name}»" for name in in_use)},
    )
    model = type(instances[0])
    return redirect(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list")


def protected_references(instance) -> bool:
    """Whether rows elsewhere protect `instance` from deletion (any app's PROTECT foreign keys,
    found by Django's own deletion collector, so the directory need not know those apps)."""
    from django.db import router
    from django.db.models.deletion import Collector, ProtectedError, RestrictedError

    collector = Collector(using=router.db_for_write(type(instance)))
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError):
        return True
    return False
