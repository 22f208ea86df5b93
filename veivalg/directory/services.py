"""Actions on the directory that touch several models or the search index."""

from __future__ import annotations

from django.db import transaction
from wagtail.search.backends import get_search_backend

from .models import ErrorReport, Offer


def reindex_all_offers(batch_size: int = 500) -> int:
    """Recompute every offer's analysed text and refresh the search index. Returns the count."""
    from .search import build_search_text

    count = 0
    backend = get_search_backend()
    unpublished = Offer.objects.exclude(pk__in=Offer.objects.published().values("pk"))
    remove_from_index(list(unpublished.values_list("pk", flat=True)))
    queryset = (
        Offer.objects.published()
        .select_related("kind", "organization")
        .prefetch_related("coverage__municipality", "offer_locations__location")
    )
    batch: list[Offer] = []
    for offer in queryset.iterator(chunk_size=batch_size):
        offer.search_title, offer.search_document = build_search_text(offer)
        batch.append(offer)
        if len(batch) >= batch_size:
            count += _flush(batch, backend)
            batch = []
    if batch:
        count += _flush(batch, backend)
    return count


def reindex_analysed_models() -> int:
    """Re-analyse and re-index everything else searched with the Norwegian analyser
    (articles, events): every indexed model that uses AnalysedSearchMixin."""
    from wagtail.search import index

    from .search import AnalysedSearchMixin

    backend = get_search_backend()
    count = 0
    for model in index.get_indexed_models():
        if not issubclass(model, AnalysedSearchMixin):
            continue
        documents = [obj.get_indexed_instance() for obj in model.get_indexed_objects().iterator()]
        documents = [d for d in documents if d is not None]
        if documents:
            backend.add_bulk(model, documents)
        count += len(documents)
    return count


def remove_from_index(pks: list) -> None:
    """Drop offers from the search index (both key forms: SQLite's hex and the dashed text)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    if not pks:
        return
    keys = [str(pk) for pk in pks] + [pk.hex for pk in pks]
    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Offer), object_id__in=keys
    ).delete()


def _flush(batch: list[Offer], backend) -> int:
    with transaction.atomic():
        Offer.objects.bulk_update(batch, ["search_title", "search_document"])
    backend.add_bulk(Offer, [offer.as_search_document() for offer in batch])
    return len(batch)


def report_error(*, offer: Offer, message: str, email: str = "") -> ErrorReport:
    """Record a reader's report that an offer page is wrong; editors see it in the admin."""
    return ErrorReport.objects.create(offer=offer, message=message.strip(), email=email.strip())
