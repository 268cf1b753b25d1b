"""Recruitment's periodic work."""

from celery import shared_task

from config.private_media import remove_orphan_files


@shared_task
def cleanup_orphan_files() -> int:
    """Daily: remove the CVs and attachments that no row points to (config.private_media)."""
    return remove_orphan_files().removed
