"""Where signalements' attachments are kept: the circulars' private storage, under generated
names (never the uploaded file's own name)."""

import os
import uuid

from django.utils import timezone


def signalement_attachment_path(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {".pdf", ".docx", ".odt"}:
        extension = ""
    return f"signalements/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
