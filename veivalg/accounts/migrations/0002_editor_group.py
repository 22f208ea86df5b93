"""The 'Redaktør' group: may use the Wagtail admin and edit directory data (scoped by rules)."""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "wagtailadmin": ["access_admin"],
    "directory": [
        "add_offer", "change_offer", "delete_offer", "publish_offer", "view_offer", "lock_offer", "unlock_offer",
        "add_organization", "change_organization", "view_organization",
        "add_location", "change_location", "view_location",
        "change_errorreport", "view_errorreport",
    ],
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Redaktør")
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("directory", "0002_reference_data"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
