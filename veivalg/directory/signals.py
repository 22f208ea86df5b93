from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SearchSynonym


@receiver([post_save, post_delete], sender=SearchSynonym)
def synonyms_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    from .tasks import reindex_offers

    transaction.on_commit(reindex_offers.enqueue)
