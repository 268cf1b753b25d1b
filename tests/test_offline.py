"""The portal works offline: no template and no page refers to an outside host."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Attributes that make a browser fetch something.
FETCHING = re.compile(r"""(?:src|href|action|srcset|data-src)\s*=\s*["']\s*(?:https?:)?//""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.I)


def project_templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        yield from folder.rglob("*.html")
        yield from folder.rglob("*.txt")


def test_no_template_refers_to_an_outside_host():
    offenders = [
        str(path.relative_to(ROOT))
        for path in project_templates()
        if FETCHING.search(path.read_text()) or CSS_URL.search(path.read_text())
    ]
    assert offenders == []


def test_no_stylesheet_of_ours_or_vendored_loads_from_outside():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "static").rglob("*.css")
        if CSS_URL.search(path.read_text(errors="ignore"))
    ]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/fr/", "/en/", "/fr/privacy/", "/fr/accounts/login/", "/fr/accounts/signup/"]
)
def test_rendered_pages_fetch_nothing_from_outside(client, path):
    page = client.get(path).content.decode()
    assert not FETCHING.search(page), FETCHING.search(page)
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
