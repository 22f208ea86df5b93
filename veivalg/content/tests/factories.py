"""Building content pages for tests: under the site's «Informasjon» root, published."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from veivalg.accounts.models import EditorAssignment
from veivalg.content.models import ArticlePage, Audience, AudiencePage
from veivalg.places.models import Municipality


def content_root() -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


def municipality(number: str) -> Municipality:
    return Municipality.objects.get(number=number)


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def audience_page(code: str = "ung", **fields) -> AudiencePage:
    audience = Audience.objects.get(code=code)
    fields.setdefault("title", audience.name)
    fields.setdefault("slug", f"malgruppe-{code}")
    return publish(content_root(), AudiencePage(audience=audience, **fields))


def article(parent: Page | None = None, **fields) -> ArticlePage:
    fields.setdefault("title", "Støttekontakt")
    fields.setdefault("slug", "stottekontakt")
    fields.setdefault("area", "rettigheter")
    fields.setdefault("intro", "En person som blir med deg på fritiden.")
    fields.setdefault("easy_read", "Du kan få en venn som blir med deg ut.")
    fields.setdefault(
        "body", [{"type": "paragraph", "value": "<p>Du søker om støttekontakt hos kommunen.</p>"}]
    )
    audiences = fields.pop("audiences", [])
    page = publish(parent or content_root(), ArticlePage(**fields))
    if audiences:
        page.audiences.set(Audience.objects.filter(code__in=audiences))
        page.save_revision().publish()
    return page


def editor(username: str, *numbers: str):
    """A staff user in the «Redaktør» group who edits the given municipalities."""
    user = get_user_model().objects.create_user(username=username, password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktør"))
    assignment = EditorAssignment.objects.create(user=user, office=f"Kontoret for {username}")
    assignment.municipalities.set(Municipality.objects.filter(number__in=numbers))
    return user
