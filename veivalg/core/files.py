"""Files that background tasks make (letters, application copies, minutes).

A task may run again: after its worker was killed between writing the file and saving the row,
or when the scheduler re-queues it. Django's storage never overwrites; it saves a second file
under a new name and the first stays behind, outside every retention rule. So a task's file has
one fixed name and a new run replaces it.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage


def save_replacing(storage: Storage, name: str, content: bytes) -> str:
    """Store `content` under exactly `name`, replacing what a former run left there."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another process wrote the same name in between: keep one, not two
        storage.delete(name)
    return saved
