"""Load the demo content pages: audience sections, rights articles, municipal additions and the
accessibility statement. Idempotent: pages are found by slug and updated in place."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, Site

from veivalg.content.models import (
    AccessibilityStatementPage,
    ArticlePage,
    Audience,
    AudiencePage,
    ContentIndexPage,
    MunicipalAddition,
)
from veivalg.demo.data import content as demo_content
from veivalg.demo.guard import ensure_demo_data_allowed
from veivalg.demo.pictograms import pictogram_image
from veivalg.places.models import Municipality

# One national page is left past its review date so the editors' dashboard panel has a row.
OVERDUE_DEMO_PAGE = "fritid-i-planen"


def stream(lines: list[str]) -> list[dict]:
    """Demo lines to raw StreamField data: «## » heading, «! title | text» fact box, else paragraph."""
    blocks = []
    for line in lines:
        if line.startswith("## "):
            blocks.append({"type": "heading", "value": line[3:]})
        elif line.startswith("! "):
            title, text = (part.strip() for part in line[2:].split("|", 1))
            blocks.append({"type": "fact_box", "value": {"title": title, "text": f"<p>{escape(text)}</p>"}})
        else:
            blocks.append({"type": "paragraph", "value": f"<p>{escape(line)}</p>"})
    return blocks


def pictures(items: list[tuple[str, str, str]]) -> list[dict]:
    """Demo pictograms to raw StreamField data for the easy-read pictures (drawn on first use)."""
    return [
        {"type": "image", "value": {"image": pictogram_image(name).pk, "alt": alt, "alt_nn": alt_nn}}
        for name, alt, alt_nn in items
    ]


def content_root() -> ContentIndexPage:
    site = Site.objects.get(is_default_site=True)
    return site.root_page.specific


def upsert(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """Create the page under the parent, or update it; publish either way."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    m2m = {name: fields.pop(name) for name in ("audiences",) if name in fields}
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Load demo content pages (Veivalg, issue 4). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_demo_data_allowed()
        root = content_root()
        audiences = {a.code: a for a in Audience.objects.all()}
        parents: dict[str, Page] = {}
        for code, data in demo_content.AUDIENCE_PAGES.items():
            parents[code] = upsert(root, AudiencePage, audience=audiences[code], **data)
        rights = dict(demo_content.RIGHTS_INDEX)
        parents["rettigheter"] = upsert(root, ContentIndexPage, rights.pop("slug"), **rights)

        count = 0
        for item in demo_content.ARTICLES:
            review_by = timezone.localdate() + datetime.timedelta(days=365)
            if item["slug"] == OVERDUE_DEMO_PAGE:
                review_by = timezone.localdate() - datetime.timedelta(days=10)
            page = upsert(
                parents[item["parent"]],
                ArticlePage,
                item["slug"],
                title=item["title"],
                title_nn=item["title_nn"],
                intro=item["intro"],
                intro_nn=item["intro_nn"],
                body=stream(item["body"]),
                body_nn=stream(item["body_nn"]),
                easy_read=item["easy"],
                easy_read_nn=item["easy_nn"],
                easy_read_pictures=pictures(item.get("pictures", [])),
                area=item["area"],
                review_by=review_by,
                audiences=[audiences[code] for code in item["audiences"]],
            )
            self.set_additions(page, item.get("additions", {}))
            count += 1

        statement = dict(demo_content.ACCESSIBILITY_STATEMENT)
        today = timezone.localdate()
        upsert(
            root,
            AccessibilityStatementPage,
            statement["slug"],
            title=statement["title"],
            title_nn=statement["title_nn"],
            intro=statement["intro"],
            intro_nn=statement["intro_nn"],
            compliance_status="delvis",
            nonconformities=[
                {
                    "type": "nonconformity",
                    "value": {"criterion": c, "criterion_nn": c_nn, "description": d, "description_nn": d_nn},
                }
                for c, c_nn, d, d_nn in statement["nonconformities"]
            ],
            test_method=statement["test_method"],
            test_method_nn=statement["test_method_nn"],
            body=stream(statement["body"]),
            body_nn=stream(statement["body_nn"]),
            feedback_email=statement["feedback_email"],
            statement_date=today,
            updated_on=today,
        )
        self.stdout.write(f"Demo content: 3 audience pages, {count} articles, accessibility statement.")

    def set_additions(self, page: ArticlePage, additions: dict[str, tuple[str, str]]) -> None:
        """The demo additions, kept in the live page (and its latest revision)."""
        wanted = {Municipality.objects.get(number=number): texts for number, texts in additions.items()}
        MunicipalAddition.objects.filter(page=page).exclude(municipality__in=list(wanted)).delete()
        for municipality, (text, text_nn) in wanted.items():
            MunicipalAddition.objects.update_or_create(
                page=page, municipality=municipality, defaults={"text": text, "text_nn": text_nn}
            )
        if additions:
            page = ArticlePage.objects.get(pk=page.pk)
            page.save_revision().publish()
