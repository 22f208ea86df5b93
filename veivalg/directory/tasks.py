from django_tasks import task


@task()
def reindex_offers() -> int:
    """Rebuild every offer's analysed search text, e.g. after an editor changed a synonym."""
    from .services import reindex_all_offers, reindex_analysed_models

    return reindex_all_offers() + reindex_analysed_models()
