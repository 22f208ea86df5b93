"""The editors' side of content: live LIX in the editor, the explorer without other
municipalities' pages (the page permission policy itself is content/permissions.py, registered
in apps.py), a dashboard panel of pages past their review date, and the readers' feedback per
page."""

from __future__ import annotations

from collections import Counter

import django_filters
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from veivalg.core.page_cache import serve_cached
from veivalg.directory.rules import editable_municipality_ids

from .caching import PAGE_CACHE_NAME, PAGE_QUERY, page_parts, pages_version
from .models import CONTENT_PAGE_MODELS, ContentPage, PageFeedback
from .rules import hide_other_municipalities


@hooks.register("on_serve_page")
def serve_content_pages_from_cache(next_serve_page):
    """Anonymous readers get content pages from the page cache (see content/caching.py). This
    runs after Wagtail's view restrictions (`before_serve_page`); previews never come here.
    When /info/ is mounted through `content/urls.py`, its view has looked already (before the
    tree walk), and this does nothing."""

    def serve(page, request, args, kwargs):
        if not isinstance(page, ContentPage) or getattr(request, "content_page_cache_checked", False):
            return next_serve_page(page, request, args, kwargs)
        return serve_cached(
            request,
            name=PAGE_CACHE_NAME,
            version=pages_version,
            parts=page_parts(request),
            query=PAGE_QUERY,
            produce=lambda: next_serve_page(page, request, args, kwargs),
        )

    return serve


@hooks.register("insert_editor_js")
def lix_editor_js():
    return format_html('<script src="{}" defer></script>', static("content/lix-editor.js"))


@hooks.register("insert_editor_css")
def lix_editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("content/lix-editor.css"))


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_own_municipalities(parent_page, pages, request):
    return hide_other_municipalities(request.user, pages)


class StalePagesPanel(Component):
    """Dashboard: per municipality (or national), how many content pages are past review-by."""

    name = "stale_content_pages"
    order = 55
    template_name = "content/admin/stale_pages_panel.html"

    def __init__(self, user):
        self.user = user

    def stale_pages(self) -> list:
        allowed = editable_municipality_ids(self.user)
        today = timezone.localdate()
        pages = []
        for model in CONTENT_PAGE_MODELS:
            queryset = model.objects.filter(review_by__lt=today).select_related("owner_municipality")
            if allowed is not None:
                queryset = queryset.filter(owner_municipality__in=allowed) | queryset.filter(
                    owner_municipality__isnull=True
                )
            pages.extend(queryset)
        return sorted(pages, key=lambda p: p.review_by)

    def get_context_data(self, parent_context=None):
        pages = self.stale_pages()
        counts = Counter(
            p.owner_municipality.name if p.owner_municipality else str(_("Nasjonalt")) for p in pages
        )
        return {
            "rows": sorted(counts.items(), key=lambda row: (-row[1], row[0])),
            "oldest": pages[:10],
            "total": len(pages),
        }


@hooks.register("construct_homepage_panels")
def add_stale_pages_panel(request, panels):
    panels.append(StalePagesPanel(request.user))


def pages_with_feedback(request):
    if request is None:
        return Page.objects.none()
    ids = feedback_for(request.user).values("page_id")
    return Page.objects.filter(id__in=ids).order_by("title")


def feedback_for(user):
    feedback = PageFeedback.objects.select_related("page")
    allowed = editable_municipality_ids(user)
    if allowed is None:
        return feedback
    return feedback.filter(page__in=hide_other_municipalities(user, Page.objects.all()))


class FeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(label=_("Side"), queryset=pages_with_feedback)

    class Meta:
        model = PageFeedback
        fields = ["page", "helpful"]


class PageFeedbackViewSet(SnippetViewSet):
    """«Fant du det du lette etter?» answers, filterable by page. Read-only for editors."""

    model = PageFeedback
    icon = "comment"
    menu_label = _("Tilbakemeldinger")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["page", "helpful", "comment", "created_at"]
    filterset_class = FeedbackFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return feedback_for(request.user)


register_snippet(PageFeedbackViewSet)
