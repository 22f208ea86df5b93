"""The «Redaksjonell kontroll» workflow on the content root: an editor's draft is reviewed by the
«Redaktør» group before it is published. Editors may add and change pages but not publish them
directly; approval in the workflow publishes. Editors also read the readers' feedback."""

from django.db import migrations

WORKFLOW = "Redaksjonell kontroll"
TASK = "Gjennomgang av redaktør"
PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    content_root = Page.objects.get(pk=site.root_page_id)
    editors, _ = Group.objects.get_or_create(name="Redaktør")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK).first() or GroupApprovalTask.objects.create(
        name=TASK, content_type=task_type, active=True
    )
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=content_root, defaults={"workflow": workflow})

    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=editors, page=content_root, permission=permission)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="content", codename__in=["view_pagefeedback"]
        ),
        *Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=["add_image", "choose_image"]
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_audiences_and_site_root"),
        ("accounts", "0002_editor_group"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
