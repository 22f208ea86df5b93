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


@receiver(post_delete, sender=Offer)
def deleted_offer_leaves_the_index(sender, instance: Offer, **kwargs) -> None:
    # modelsearch's own removal matches the entry through a generic relation, which on SQLite
    # compares the dashed text key with the stored hex key and finds nothing. A stale entry
    # would take a place on the first page of results that the ranking then cannot fill.
    from .services import remove_from_index

    remove_from_index([instance.pk])
