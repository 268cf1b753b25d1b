import importlib

import pytest
from django.apps import apps

from recruitment.models import Competency, DeclineReason

_seed = importlib.import_module("recruitment.migrations.0002_seed_competencies_and_decline_reasons")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every recruitment test keeps its CVs in its own folder, so "nothing saved" is checkable."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def seeded_catalogues(request):
    """The catalogues the migration seeds. A transactional test elsewhere in the suite flushes
    the database (and the migration's rows with it): seed them again when they are missing."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
    request.getfixturevalue("db")
    if not (Competency.objects.exists() and DeclineReason.objects.exists()):
        _seed.load(apps, None)


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
