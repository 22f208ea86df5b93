from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Offer, SearchSynonym


@receiver([post_save, post_delete], sender=SearchSynonym)
def synonyms_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    from .tasks import reindex_offers

    transaction.on_commit(reindex_offers.enqueue)


@receiver(post_save, sender=Offer)
def unpublished_offer_leaves_the_index(sender, instance: Offer, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if not Offer.objects.published().filter(pk=instance.pk).exists():
        from .services import remove_from_index

        remove_from_index([instance.pk])
