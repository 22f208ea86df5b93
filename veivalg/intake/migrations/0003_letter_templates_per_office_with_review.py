"""Letter templates belong to an office, and a change is used only after a second person approves it.

The templates that exist become the national texts (no office): the fallback for every office,
which only a platform administrator may change. Offices get their own templates when their staff
first open /ansatt/brevmaler/ (or from load_demo_intake); until an office approves a text of its
own, its letters use the national text, so nothing a letter says changes with this migration.

Until now any caseworker or NAV counsellor could edit these texts, and the edit was used at once
by every office. An edited national text may therefore hold wording nobody reviewed (the security
test put a request for a BankID code into one). So a template whose text differs from the wording
shipped in 0002_letter_templates gets that shipped wording back, and the edited text is kept as a
pending change by the person who made it: an administrator sees it under /ansatt/brevmaler/ and
approves or rejects it. Reversed, the pending edits become the texts again.
"""

import uuid
from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

SHIPPED = import_module("veivalg.intake.migrations.0002_letter_templates").TEMPLATES


def hold_unreviewed_edits(apps, schema_editor):
    LetterTemplate = apps.get_model("intake", "LetterTemplate")
    LetterTemplateChange = apps.get_model("intake", "LetterTemplateChange")
    for template in LetterTemplate.objects.all():
        shipped = SHIPPED.get((template.route, template.outcome, template.language))
        edited_by = template.approved_by_id  # the old updated_by: whoever last saved it
        template.approved_by_id = None
        if shipped is None or (template.title, template.body) == shipped:
            template.save(update_fields=["approved_by"])
            continue
        LetterTemplateChange.objects.create(
            template=template,
            title=template.title,
            body=template.body,
            proposed_by_id=edited_by,
            proposed_at=template.approved_at,
            review_note="Endret før brevmaler måtte godkjennes. Venter på godkjenning.",
        )
        template.title, template.body = shipped
        template.approved_at = None
        template.save(update_fields=["title", "body", "approved_by", "approved_at"])


def restore_edits(apps, schema_editor):
    LetterTemplateChange = apps.get_model("intake", "LetterTemplateChange")
    for change in LetterTemplateChange.objects.filter(status="pending", template__office__isnull=True):
        template = change.template
        template.title, template.body = change.title, change.body
        template.approved_by_id = change.proposed_by_id
        template.approved_at = change.proposed_at
        template.save(update_fields=["title", "body", "approved_by", "approved_at"])
    LetterTemplate = apps.get_model("intake", "LetterTemplate")
    LetterTemplate.objects.filter(office__isnull=False).delete()
    LetterTemplate.objects.filter(approved_at__isnull=True).update(approved_at=django.utils.timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_organisation_staffrole"),
        ("intake", "0002_letter_templates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LetterTemplateChange",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                ("title", models.CharField(max_length=200, verbose_name="overskrift")),
                ("body", models.TextField(verbose_name="brevtekst")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "venter på godkjenning"),
                            ("approved", "godkjent"),
                            ("rejected", "avvist"),
                            ("replaced", "erstattet av en nyere endring"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("proposed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.TextField(blank=True, verbose_name="kommentar")),
            ],
            options={
                "verbose_name": "endring av brevmal",
                "verbose_name_plural": "endringer av brevmaler",
                "ordering": ["-proposed_at"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="lettertemplate",
            name="one_letter_template_each",
        ),
        migrations.RenameField(
            model_name="lettertemplate",
            old_name="updated_by",
            new_name="approved_by",
        ),
        migrations.RenameField(
            model_name="lettertemplate",
            old_name="updated_at",
            new_name="approved_at",
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="office",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
                verbose_name="kontor",
            ),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="body",
            field=models.TextField(blank=True, verbose_name="brevtekst"),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="overskrift"),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(
                fields=("office", "route", "outcome", "language"), name="one_letter_template_per_office"
            ),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("office__isnull", True)),
                fields=("route", "outcome", "language"),
                name="one_national_letter_template",
            ),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("office__isnull", False),
                    models.Q(models.Q(("title", ""), _negated=True), models.Q(("body", ""), _negated=True)),
                    _connector="OR",
                ),
                name="national_letter_template_has_text",
            ),
        ),
        migrations.AddField(
            model_name="lettertemplatechange",
            name="proposed_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="lettertemplatechange",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="lettertemplatechange",
            name="template",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="intake.lettertemplate",
            ),
        ),
        migrations.AddConstraint(
            model_name="lettertemplatechange",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("template",),
                name="one_pending_letter_template_change",
            ),
        ),
        migrations.RunPython(hold_unreviewed_edits, restore_edits),
    ]
