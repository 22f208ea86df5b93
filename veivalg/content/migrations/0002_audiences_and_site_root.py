"""Reference data: the three audiences, and «Informasjon» as the default Site's root (/info/).

Wagtail's own first migration leaves a placeholder «Welcome» page as the site root; it is
replaced by a ContentIndexPage when it is still that untouched placeholder.
"""

from django.db import migrations

AUDIENCES = [
    ("ung", "For deg", "For deg", 1),
    ("parorende", "For pårørende", "For pårørande", 2),
    ("fagfolk", "For fagfolk", "For fagfolk", 3),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def next_child_path(parent, siblings):
    last = max((p.path for p in siblings), default=None)
    if last is None:
        return parent.path + "0001"
    number = int(last[-4:], 36) + 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(4, "0")


def forwards(apps, schema_editor):
    Audience = apps.get_model("content", "Audience")
    for code, name, name_nn, order in AUDIENCES:
        Audience.objects.update_or_create(code=code, defaults={"name": name, "name_nn": name_nn, "sort_order": order})

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentIndexPage = apps.get_model("content", "ContentIndexPage")

    root = Page.objects.filter(depth=1).first()
    locale = Locale.objects.order_by("pk").first()
    if root is None or locale is None:
        return
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    placeholder = Page.objects.filter(depth=2, slug="home", content_type=page_type, numchild=0).first()
    if placeholder is not None:
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    index_type, _ = ContentType.objects.get_or_create(app_label="content", model="contentindexpage")
    siblings = Page.objects.filter(depth=2, path__startswith=root.path)
    info = ContentIndexPage.objects.create(
        title="Informasjon",
        draft_title="Informasjon",
        title_nn="Informasjon",
        slug="informasjon",
        intro="Her finner du informasjon om arbeid, utdanning, rettigheter, aktivitet og fritid.",
        intro_nn="Her finn du informasjon om arbeid, utdanning, rettar, aktivitet og fritid.",
        content_type=index_type,
        path=next_child_path(root, siblings),
        depth=2,
        numchild=0,
        url_path="/informasjon/",
        locale=locale,
        live=True,
        has_unpublished_changes=False,
    )
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page_id=info.pk, is_default_site=True, site_name="Veivalg")
    else:
        site.root_page_id = info.pk
        site.site_name = site.site_name or "Veivalg"
        site.save(update_fields=["root_page", "site_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
