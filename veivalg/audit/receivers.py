"""The access log listens to other apps' announcements of reads."""

from django.dispatch import receiver

from veivalg.accounts.signals import person_read

from .services import log_read


@receiver(person_read, dispatch_uid="audit.log_person_read")
def log_person_read(sender, *, user, person, what: str, **kwargs) -> None:
    log_read(user=user, person=person, what=what)
