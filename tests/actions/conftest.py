import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded PDFs go to a folder of this test, removed with it.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
