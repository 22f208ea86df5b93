"""What accounts announces to other apps (they listen in their receivers.py)."""

from django.dispatch import Signal

# Someone other than the person may have read the person's information on a page
# (`person_view` with `what`). Arguments: user, person, what. The audit app writes the access log
# entry; accounts itself does not know the log, so the layers stay one-way (audit → accounts).
person_read = Signal()
