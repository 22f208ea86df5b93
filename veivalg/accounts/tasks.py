from django_tasks import task

from . import services


@task()
def remove_expired_data() -> dict[str, int]:
    """The scheduled form of `manage.py remove_expired_data`: counts by kind, nothing else."""
    return services.remove_expired_data()
