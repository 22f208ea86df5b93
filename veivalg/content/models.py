"""Editorial pages (Wagtail): information for each audience, articles (rights included),
municipal additions to national articles, reader feedback and the accessibility statement.

Every page is written in bokmål with optional nynorsk fields (`*_nn`); the reader sees nynorsk
when they chose it and it exists, otherwise bokmål marked with `lang="nb"`. Every page has an
owner municipality (empty = national) and a review-by date.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page
from wagtail.search import index

from veivalg.directory.search import AnalysedSearchMixin
from veivalg.places.models import Municipality
from veivalg.places.services import remembered_municipality

from .blocks import BodyBlock, EasyReadPicturesBlock, NonconformityBlock
from .forms import ContentPageForm, FeedbackForm

REVIEW_INTERVAL_DAYS = 365


def default_review_by() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)


class ContentArea(models.TextChoices):
    WORK = "arbeid", _("Arbeid")
    EDUCATION = "utdanning", _("Utdanning")
    RIGHTS = "rettigheter", _("Rettigheter")
    ACTIVITY = "aktivitet", _("Aktivitet")
    LEISURE = "fritid", _("Fritid")


class Audience(models.Model):
    """Who a text is written for: young people, relatives or professionals. Reference data."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("navn"), max_length=60)
    name_nn = models.CharField(_("navn på nynorsk"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return self.name


def chosen_municipality(request: HttpRequest) -> Municipality | None:
    """`?kommune=3201` wins over the remembered municipality cookie."""
    number = request.GET.get("kommune", "")
    if len(number) == 4 and number.isdigit():
        return Municipality.objects.filter(number=number).first()
    return remembered_municipality(request)


class ContentPage(Page):
    """What every editorial page has: nynorsk title, intro, owner and review-by date, feedback."""

    title_nn = models.CharField(_("tittel på nynorsk"), max_length=255, blank=True)
    intro = models.TextField(_("ingress"), blank=True)
    intro_nn = models.TextField(_("ingress på nynorsk"), blank=True)
    owner_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig kommune"),
        help_text=_("Tom betyr nasjonal side. Bare redaktører i kommunen kan endre en kommunal side."),
    )
    review_by = models.DateField(_("kontrolleres innen"), default=default_review_by)

    base_form_class = ContentPageForm
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("owner_municipality"), FieldPanel("review_by")], heading=_("Ansvar og kontroll")
        ),
        *Page.settings_panels,
    ]
    intro_panels = [FieldPanel("title_nn"), FieldPanel("intro"), FieldPanel("intro_nn")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("feedback_form", FeedbackForm())
        context["feedback_thanks"] = request.GET.get("takk") == "1"
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gte=2).specific()
        return context

    def serve(self, request, *args, **kwargs):
        """A POST is the «Fant du det du lette etter?» form; it works without JavaScript."""
        if request.method == "POST":
            from .services import record_feedback

            form = FeedbackForm(request.POST)
            if form.is_valid():
                record_feedback(
                    page=self, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"]
                )
                return redirect(f"{self.get_url(request)}?takk=1#tilbakemelding")
            context = self.get_context(request, *args, **kwargs)
            context["feedback_form"] = form
            return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)
        return super().serve(request, *args, **kwargs)

    @property
    def is_review_overdue(self) -> bool:
        return self.review_by < timezone.localdate()

    def permissions_for_user(self, user):
        """Wagtail's permissions, and none on a page of a municipality outside the user's scope
        (content/permissions.py): every admin view asks this before it shows or changes a page."""
        from .permissions import MunicipalityPagePermissionTester

        return MunicipalityPagePermissionTester(user, self)


class ContentIndexPage(ContentPage):
    """A section front: lists its live child pages."""

    content_panels = Page.content_panels + ContentPage.intro_panels
    subpage_types = [
        "content.ContentIndexPage",
        "content.AudiencePage",
        "content.ArticlePage",
        "content.AccessibilityStatementPage",
    ]

    class Meta:
        verbose_name = _("oversiktsside")
        verbose_name_plural = _("oversiktssider")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class AudiencePage(ContentPage):
    """The section for one audience, with its articles grouped by area (arbeid, utdanning, …)."""

    audience = models.ForeignKey(
        Audience, on_delete=models.PROTECT, related_name="+", verbose_name=_("målgruppe")
    )

    content_panels = Page.content_panels + [FieldPanel("audience"), *ContentPage.intro_panels]
    subpage_types = ["content.ArticlePage"]
    parent_page_types = ["content.ContentIndexPage"]

    class Meta:
        verbose_name = _("målgruppeside")
        verbose_name_plural = _("målgruppesider")

    def articles(self):
        """Live articles below this page, and articles elsewhere (rights) marked for this audience."""
        return (
            ArticlePage.objects.live()
            .public()
            .filter(Q(audiences=self.audience_id) | Q(path__startswith=self.path, depth__gt=self.depth))
            .distinct()
            .order_by("title")
        )

    def sections(self) -> list[dict]:
        by_area: dict[str, list] = {area: [] for area in ContentArea.values}
        for article in self.articles():
            by_area[article.area].append(article)
        return [
            {"area": area, "label": ContentArea(area).label, "articles": by_area[area]}
            for area in ContentArea.values
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        return context


class ArticlePage(AnalysedSearchMixin, ContentPage):
    """An article, also used for rights: plain text and an easy-read version, in bokmål and nynorsk."""

    body = StreamField(BodyBlock(), verbose_name=_("brødtekst"), blank=True)
    body_nn = StreamField(BodyBlock(), verbose_name=_("brødtekst på nynorsk"), blank=True)
    easy_read = models.TextField(
        _("lettlest"),
        blank=True,
        help_text=_("Korte setninger og vanlige ord. Én setning per linje går fint. LIX 30 eller lavere."),
    )
    easy_read_nn = models.TextField(_("lettlest på nynorsk"), blank=True)
    # Pictures for the easy-read version (one set for both written standards, alt text in each).
    # The easy-read text stays a plain text field so the LIX check and the live LIX keep working.
    easy_read_pictures = StreamField(
        EasyReadPicturesBlock(),
        verbose_name=_("bilder til lettlest"),
        blank=True,
        help_text=_(
            "Enkle bilder som støtter teksten, for eksempel piktogrammer. Alle bilder må ha alternativ tekst."
        ),
    )
    area = models.CharField(_("område"), max_length=20, choices=ContentArea.choices)
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="articles", verbose_name=_("målgrupper")
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_nn"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("audiences", widget=forms.CheckboxSelectMultiple)]),
        FieldPanel("intro"),
        FieldPanel("intro_nn"),
        FieldPanel("easy_read"),
        FieldPanel("easy_read_nn"),
        FieldPanel("easy_read_pictures"),
        FieldPanel("body"),
        FieldPanel("body_nn"),
        InlinePanel(
            "municipal_additions",
            heading=_("Tillegg for kommuner"),
            label=_("Kommunalt tillegg"),
            help_text=_("Vises under artikkelen for lesere som har valgt kommunen."),
        ),
    ]
    subpage_types: list[str] = []
    # Searched with the directory's Norwegian analyser (see AnalysedSearchMixin).
    search_fields = [*Page.search_fields, index.SearchField("search_document")]

    class Meta:
        verbose_name = _("artikkel")
        verbose_name_plural = _("artikler")

    def search_source(self) -> tuple[str, list[str]]:
        texts = [self.intro, self.intro_nn, self.easy_read, self.easy_read_nn, self.get_area_display()]
        texts += [
            text for block in self.easy_read_pictures for text in (block.value["alt"], block.value["alt_nn"])
        ]
        for body in (self.body, self.body_nn):
            texts += [strip_tags(str(block.render())) for block in body]
        return f"{self.title} {self.title_nn}", texts

    def get_indexed_instance(self):
        page = super().get_indexed_instance()
        return page.analysed_copy() if page is not None else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        municipality = chosen_municipality(request)
        context["municipality"] = municipality
        context["additions"] = (
            list(self.municipal_additions.filter(municipality=municipality)) if municipality else []
        )
        return context


class MunicipalAddition(Orderable):
    """What is specific in one municipality, shown under the national text to its readers."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="municipal_additions")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    text = models.TextField(_("tekst"))
    text_nn = models.TextField(_("tekst på nynorsk"), blank=True)

    panels = [FieldPanel("municipality"), FieldPanel("text"), FieldPanel("text_nn")]

    class Meta(Orderable.Meta):
        verbose_name = _("kommunalt tillegg")
        verbose_name_plural = _("kommunale tillegg")
        constraints = [
            models.UniqueConstraint(fields=["page", "municipality"], name="municipal_addition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page} – {self.municipality}"


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("Nettstedet oppfyller alle kravene")
    PARTIAL = "delvis", _("Nettstedet oppfyller ikke alle kravene")
    NONE = "ikke", _("Nettstedet oppfyller ikke kravene")


class AccessibilityStatementPage(ContentPage):
    """Tilgjengelighetserklæring in the structure the Norwegian Authority for Universal Design
    of ICT (Tilsynet for universell utforming av ikt, uutilsynet.no) asks public bodies to use."""

    compliance_status = models.CharField(
        _("samsvarsstatus"), max_length=10, choices=ComplianceStatus.choices, default=ComplianceStatus.PARTIAL
    )
    nonconformities = StreamField(
        [("nonconformity", NonconformityBlock())], verbose_name=_("brudd på kravene"), blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("mer om tilgjengeligheten"), blank=True)
    body_nn = StreamField(BodyBlock(), verbose_name=_("mer om tilgjengeligheten, nynorsk"), blank=True)
    test_method = models.TextField(_("slik har vi testet"))
    test_method_nn = models.TextField(_("slik har vi testet, nynorsk"), blank=True)
    feedback_email = models.EmailField(_("e-post for tilbakemelding"))
    statement_date = models.DateField(_("erklæringen ble laget"))
    updated_on = models.DateField(_("sist oppdatert"))

    content_panels = Page.content_panels + [
        *ContentPage.intro_panels,
        FieldPanel("compliance_status"),
        FieldPanel("nonconformities"),
        FieldPanel("test_method"),
        FieldPanel("test_method_nn"),
        FieldPanel("body"),
        FieldPanel("body_nn"),
        FieldPanel("feedback_email"),
        FieldRowPanel([FieldPanel("statement_date"), FieldPanel("updated_on")]),
    ]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("tilgjengelighetserklæring")
        verbose_name_plural = _("tilgjengelighetserklæringer")


CONTENT_PAGE_MODELS = (ContentIndexPage, AudiencePage, ArticlePage, AccessibilityStatementPage)


class PageFeedback(models.Model):
    """An anonymous answer to «Fant du det du lette etter?». No personal data is stored."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("side"))
    helpful = models.BooleanField(_("fant det"))
    comment = models.TextField(_("kommentar"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tilbakemelding på side")
        verbose_name_plural = _("tilbakemeldinger på sider")

    def __str__(self) -> str:
        return f"{self.page.title}: {'ja' if self.helpful else 'nei'}"


class EditorialReviewTask(AbstractGroupApprovalTask):
    """«Gjennomgang av redaktør»: group approval with the editors' municipality scope and four eyes.

    A member of the task's groups may approve or reject (or even see as a task to review) only a
    page they may edit (`rules.can_edit_page`: their municipalities' pages and national pages),
    and never a submission they made themselves or whose revision they wrote: someone else must
    approve. Superusers are excepted from both: they may publish directly anyway, so holding
    them to the workflow would protect nothing, and they are the way out when a municipality
    has only one editor.
    """

    def _may_review(self, obj, user) -> bool:
        from .rules import can_edit_page

        if user.is_superuser:
            return True
        if not (self._user_in_groups(user) and isinstance(obj, Page) and can_edit_page(user, obj)):
            return False
        state = obj.current_workflow_state
        if state is None:
            return True
        task_state = state.current_task_state
        authors = {state.requested_by_id, obj.latest_revision.user_id if obj.latest_revision_id else None}
        if task_state is not None and task_state.revision_id:
            authors.add(task_state.revision.user_id)
        return user.pk not in authors

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approving moves the workflow on as the workflow itself, not as the reviewer: editors
        have no permission to publish directly (by design), so Wagtail's own step would refuse
        to publish for them. Who approved is in the task's log entry (`wagtail.workflow.approve`)."""
        if action_name == "approve":
            task_state.approve(user=user, update=False, **kwargs)
            task_state.workflow_state.update(user=None)
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    def user_can_access_editor(self, obj, user):
        from .rules import can_edit_page

        return super().user_can_access_editor(obj, user) and (user.is_superuser or can_edit_page(user, obj))

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_review(obj, user) and super().user_can_lock(obj, user)

    def get_actions(self, obj, user):
        return super().get_actions(obj, user) if self._may_review(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .rules import hide_other_municipalities

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        in_scope = hide_other_municipalities(user, Page.objects.all()).values_list("id", flat=True)
        outside = Page.objects.exclude(id__in=in_scope).values_list("id", flat=True)
        return (
            states.exclude(workflow_state__object_id__in=[str(pk) for pk in outside])
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
        )

    @classmethod
    def get_description(cls):
        return _(
            "Redaktører i gruppene godkjenner sider i sine kommuner og nasjonale sider, "
            "men aldri det de selv har sendt til gjennomgang."
        )

    class Meta:
        verbose_name = _("redaksjonell gjennomgang")
        verbose_name_plural = _("redaksjonelle gjennomganger")
