"""Where circular attachments are kept: outside every public folder, under generated names.

The storage is a callable so that the migration records a reference to it, not a path that
differs from one machine to the next.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read from the settings at each use (tests move it)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # never a public URL: only a view that checks permission serves these files


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def attachment_path(instance, filename: str) -> str:
    """A name nobody can guess or choose: of the uploaded file's own name, only its kind is kept."""
    from actions.validators import document_kind

    extension = document_kind(filename)  # only the kind (pdf, docx, odt) is kept from the name
    return f"circulars/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
