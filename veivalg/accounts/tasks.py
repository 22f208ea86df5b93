from django_tasks import task

from . import own_data


@task()
def remove_expired_data() -> dict[str, int]:
    """The scheduled form of `manage.py remove_expired_data`: counts by kind, nothing else."""
    return own_data.remove_expired_data()
