"""Where CVs are kept: under PRIVATE_MEDIA_ROOT, outside every public folder, under generated names.

The storage reads PRIVATE_MEDIA_ROOT each time it is used (not once when the models load), so
that tests can point it at a temporary folder; it has no URL at all: only the download view,
which checks permission, serves a CV.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone


class PrivateMediaStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT; asking for a public URL is a programming error."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a view.")


def private_storage() -> FileSystemStorage:
    """The storage of CVs (a callable, so that migrations record a reference, not a path)."""
    return PrivateMediaStorage()


def cv_upload_to(instance, filename: str) -> str:
    """A name nobody can guess or choose: only the checked extension of the upload is kept."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {".pdf", ".docx", ".odt"}:
        extension = ""
    return f"cvs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
