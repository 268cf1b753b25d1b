"""Browser journeys: Playwright drives Debian's Chromium against Django's live server.

Every step can be photographed (test-output/e2e/<test>/<nn>-<step>.png) and every page a
journey visits is checked with axe-core: no violation of serious or critical impact.
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require_service
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (setting up data, reading the outbox) are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-output" / "e2e"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _chromium_is_installed():
    require_service(
        Path(CHROMIUM).exists(),
        f"Chromium is not installed at {CHROMIUM} (sudo apt-get install chromium)",
    )


class Journey:
    """A person's way through the portal: the page, numbered screenshots, accessibility checks."""

    def __init__(self, page, live_server, name: str):
        self.page = page
        self.base = live_server.url
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.step = 0
        self.checked: set[str] = set()
        page.set_default_timeout(15_000)

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str):
        self.page.goto(self.url(path))
        return self.page

    def shot(self, label: str) -> Path:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self, label: str):
        """Screenshot, then axe-core: no serious or critical violation on this page."""
        self.shot(label)
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        # axe files two real failures as "incomplete" (needs review): labels pointing at an id
        # used twice, and text it measured at 1:1 contrast (invisible, e.g. white on white).
        for item in results.response.get("incomplete", []):
            nodes = [
                node["target"]
                for node in item["nodes"]
                if item["id"] == "duplicate-id-aria"
                or (
                    item["id"] == "color-contrast"
                    and any(
                        isinstance(check.get("data"), dict)
                        and check["data"].get("contrastRatio") == 1
                        for check in node.get("any", [])
                    )
                )
            ]
            if nodes:
                serious.append(f"{item['id']} (needs review, certain here): {nodes[:3]}")
        assert serious == [], f"{self.page.url}: {serious}"
        assert_fits(self.page)
        self.checked.add(self.page.url)

    def no_horizontal_scroll(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.evaluate("window.innerWidth")
        assert width <= viewport, f"{self.page.url} scrolls sideways: {width}px > {viewport}px"


# What sticks out of the viewport sideways: the document itself when it is wider, and every
# control a person can see (links, buttons, fields) that ends beyond its left or right edge;
# hidden ones (collapsed menu, closed <details>, visually hidden text) have no box and pass, and
# so do those hidden on purpose from everybody (the robots' trap, config/honeypot.py).
OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const element of document.querySelectorAll(controls)) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    if (element.closest('[aria-hidden="true"], .visually-hidden')) continue;
    if (box.right > width + 1 || box.left < -1) {
      const name = (element.innerText || element.value || element.name || "").trim().slice(0, 40);
      found.push(`${element.tagName.toLowerCase()} "${name}" at ${Math.round(box.left)}`
        + `-${Math.round(box.right)}px`);
    }
  }
  return {width, found};
}"""


def assert_fits(page):
    """Nothing a person can see or use sticks out of the viewport sideways: the page does not
    scroll sideways, and no visible link, button or field ends beyond the viewport's edges (a
    table's actions included). Evaluated through the browser's debugging protocol (the CSP
    forbids eval in the page, not this)."""
    result = page.evaluate(OFF_SCREEN)
    assert result["found"] == [], f"{page.url} at {result['width']}px: {result['found'][:5]}"


@pytest.fixture
def journey(page, live_server, request):
    return Journey(page, live_server, request.node.name)


def link_from(message, path_fragment: str) -> str:
    """The path of the first link in an e-mail that contains ``path_fragment``."""
    match = re.search(r"https?://[^/\s]+(/\S*" + re.escape(path_fragment) + r"\S*)", message.body)
    assert match, f"no link with {path_fragment!r} in: {message.body}"
    return match.group(1)


def log_in(page, email: str, password: str = PASSWORD):
    """Through the login form, as a person does (the page is the login page), then the code of
    the person's authenticator app when they have one (staff do)."""
    main = page.locator("main")
    main.get_by_label("Courriel").fill(email)
    main.get_by_label(re.compile(r"^\s*Mot de passe")).fill(password)
    main.get_by_role("button", name="Se connecter").click()
    type_second_factor(page, email)


def type_second_factor(page, email: str):
    """After the password: the code that the person's authenticator app shows now, typed in
    allauth's code form, for a person who has an authenticator (nothing otherwise)."""
    from accounts.models import User
    from tests.mfa import current_code

    code = current_code(User.objects.get(email=email))
    if code is None:
        return
    page.wait_for_url("**/accounts/2fa/authenticate/")
    main = page.locator("main")
    main.get_by_label("Code").fill(code)
    main.get_by_role("button", name="Connexion").click()


def sign_up(page, first_name: str, last_name: str, email: str, postal_code: str, password: str):
    """Through the sign-up form, as a person does (the page is the sign-up page)."""
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill(last_name)
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Code postal").fill(postal_code)
    page.get_by_label(re.compile(r"^\s*Mot de passe\*?\s*$")).fill(password)
    page.get_by_label("Mot de passe (confirmation)").fill(password)
    page.get_by_role("button", name="Création de compte").click()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until a JavaScript expression is true in the page, polling from the test.

    Playwright's ``wait_for_function`` polls through ``new Function`` inside the page, which
    the portal's Content Security Policy (no 'unsafe-eval') refuses; ``page.evaluate`` goes
    through the browser's debugging protocol, which the policy does not govern."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(100)
