"""Editors (the 'Redaktør' group) manage events; the rules limit them to their municipalities."""

from django.db import migrations

CODENAMES = ["add_event", "change_event", "delete_event", "view_event"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Redaktør")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("accounts", "0002_editor_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
