"""A visitor becomes a candidate: from the home page to an application sent, as a person does it.

The journey clicks and types only; the data before it starts come from factories, the e-mails
are read from the outbox. It runs on a desktop screen and on a phone (390 × 844, where nothing
may scroll sideways and every control must be within reach), and the application form is also
filled and sent with the keyboard alone. Every page is checked with axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from recruitment.models import Application
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.e2e.conftest import PHONE, link_from, sign_up
from tests.factories import PASSWORD, UserFactory
from tests.recruitment.factories import CoordinationVacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A real PDF document, small: the validators check that the content is a PDF, not only its name.
CV_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
CV = {"name": "cv-amina-diallo.pdf", "mimeType": "application/pdf", "buffer": CV_PDF}
MOTIVATION = (
    "Je suis la situation au Mexique depuis mon séjour à Oaxaca et je parle espagnol : "
    "je voudrais relayer les actions urgentes vers les groupes locaux."
)
RESPONSIBILITIES = "Relayer les actions urgentes sur les défenseurs et défenseuses du Mexique."

# Everything a person can operate: what must be within reach on a phone.
CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"
UNREACHABLE = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => !el.closest('.visually-hidden, .visually-hidden-focusable'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width < 1 || box.height < 1
       || box.left < -1 || box.right > document.documentElement.clientWidth + 1)
  .map(([el, box]) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name
       || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" at ${Math.round(box.left)}`
       + `–${Math.round(box.right)}px`)"""

# Labels whose field is missing, shared with another element, or in another form than the label.
MISLABELLED = """() => Array.from(document.querySelectorAll('label[for]'))
  .filter(label => {
    const fields = document.querySelectorAll(`[id="${CSS.escape(label.htmlFor)}"]`);
    return fields.length !== 1 || fields[0].closest('form') !== label.closest('form');
  })
  .map(label => `${label.htmlFor}: ${label.innerText.trim()}`)"""


def check(journey, label: str):
    """axe-core, then the labels: each names one field of its own form (pages with several
    forms, such as the pipeline's, must not share an id between them)."""
    journey.check(label)
    mislabelled = journey.page.evaluate(MISLABELLED)
    assert mislabelled == [], f"{journey.page.url}: labels of the wrong field: {mislabelled}"


@pytest.fixture
def vacant_mexico(catalogues):
    """Mexique has no coordinator and recruits one; Guatemala is held by Karim."""
    mexico = CoordinationFactory(
        name="Mexique",
        slug="mexique",
        countries=["MX"],
        is_recruiting=True,
        summary="Suivre la situation des droits humains au Mexique.",
    )
    MandateFactory(
        coordination=CoordinationFactory(name="Guatemala", slug="guatemala", countries=["GT"]),
        volunteer=UserFactory(first_name="Karim"),
    )
    return CoordinationVacancyFactory(
        coordination=mexico, slug="coordination-mexique", responsibilities=RESPONSIBILITIES
    )


class Visit:
    """A journey on a desktop screen, or on a phone where every page must fit and be usable."""

    def __init__(self, journey, phone: bool):
        self.journey = journey
        self.page = journey.page
        self.phone = phone
        if phone:
            self.page.set_viewport_size(PHONE)

    def check(self, label: str):
        check(self.journey, label)
        if self.phone:
            self.journey.no_horizontal_scroll()
            unreachable = self.page.evaluate(UNREACHABLE, CONTROLS)
            assert unreachable == [], f"{self.page.url}: out of reach on a phone: {unreachable}"
            self.menu_opens()

    def menu_opens(self):
        """The collapsed menu opens and its links are then on the screen."""
        toggler = self.page.get_by_role("button", name="Afficher ou masquer le menu")
        expect(toggler).to_be_visible()
        toggler.click()
        menu = self.page.locator("#main-nav")
        expect(menu).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # opened, not opening
        unreachable = self.page.evaluate(UNREACHABLE, "#main-nav a[href], #main-nav button")
        assert unreachable == [], f"{self.page.url}: menu out of reach: {unreachable}"
        toggler.click()
        expect(menu).to_be_hidden()


def apply_as_a_visitor(journey, mailoutbox, *, phone: bool):
    visit = Visit(journey, phone)
    page = visit.page

    # The home page puts the vacant coordination first; the one that has a coordinator is not there.
    journey.goto("/")
    vacant = page.get_by_role("region", name="Coordinations qui cherchent leur responsable")
    expect(vacant.get_by_role("link", name="Mexique")).to_be_visible()
    assert vacant.get_by_role("link", name="Guatemala").count() == 0
    visit.check("home")
    vacant.get_by_role("link", name="Mexique").click()

    # What the role involves, and the 24-month commitment.
    page.wait_for_url("**/fr/coordinations/mexique/")
    expect(
        page.get_by_role("heading", name="Ce que fait la personne qui la coordonne")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Un engagement d’au moins 24 mois")).to_be_visible()
    expect(
        page.get_by_text("Cette coordination n’a personne pour la porter en ce moment.")
    ).to_be_visible()
    visit.check("coordination")
    page.get_by_role("link", name="Postuler", exact=True).click()

    page.wait_for_url("**/fr/vacancies/coordination-mexique/")
    expect(page.get_by_role("heading", name="Responsabilités")).to_be_visible()
    expect(page.get_by_text(RESPONSIBILITIES)).to_be_visible()
    visit.check("vacancy")
    page.get_by_role("region", name="Comment postuler").get_by_role(
        "link", name="Créer un compte"
    ).click()

    # Signing up, then confirming the address from the message.
    page.wait_for_url(re.compile(r"/fr/accounts/signup/\?next="))
    visit.check("sign-up form")
    sign_up(page, "Amina", "Diallo", "amina@example.org", "1060", "une phrase de passe solide")
    page.wait_for_url("**/accounts/confirm-email/")
    visit.check("verification sent")

    assert [message.to for message in mailoutbox] == [["amina@example.org"]]
    journey.goto(link_from(mailoutbox[0], "/accounts/confirm-email/"))
    visit.check("confirm address")
    page.get_by_role("button", name="Confirmer").click()

    # Straight back to the application form.
    page.wait_for_url("**/fr/vacancies/coordination-mexique/apply/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Mexique")
    visit.check("application form")
    page.get_by_label("Lettre de motivation").fill(MOTIVATION)
    page.get_by_label("CV").set_input_files(CV)
    page.get_by_label("Heures disponibles par semaine").fill("6")
    page.get_by_label("Je peux me déplacer").check()
    page.get_by_label("Je m’engage pour au moins 24 mois.").check()
    page.get_by_label("J’accepte que le secrétariat").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()

    # The application, as sent.
    page.wait_for_url(re.compile(r"/fr/vacancies/applications/\d+/$"))
    expect(page.get_by_text("Merci : votre candidature est envoyée.")).to_be_visible()
    expect(page.locator("main .badge", has_text="Envoyée")).to_be_visible()
    expect(page.get_by_role("link", name="cv-amina-diallo.pdf")).to_be_visible()
    expect(page.get_by_text("Engagement minimum")).to_be_visible()
    visit.check("application sent")

    application = Application.objects.get(applicant__email="amina@example.org")
    assert application.status == Application.Status.SUBMITTED
    assert application.commitment_confirmed
    assert application.cv.read() == CV_PDF
    received = [m for m in mailoutbox if m.to == ["amina@example.org"]]
    assert len(received) == 2, [m.subject for m in received]  # confirmation, acknowledgement

    # My space lists it too, with its status readable (white on white is not).
    page.get_by_role("link", name="Mon espace", exact=True).first.click()
    page.wait_for_url("**/fr/me/")
    mine = page.get_by_role("region", name="Mes candidatures")
    expect(mine.get_by_role("link", name="Coordinateur ou coordinatrice : Mexique")).to_be_visible()
    status = mine.locator(".badge", has_text="Envoyée")
    assert status.evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"
    visit.check("my space")


def test_a_visitor_applies_to_a_vacant_coordination(journey, mailoutbox, vacant_mexico):
    apply_as_a_visitor(journey, mailoutbox, phone=False)


def test_a_visitor_applies_from_a_phone(journey, mailoutbox, vacant_mexico):
    apply_as_a_visitor(journey, mailoutbox, phone=True)


def focused(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement; return el ? el.outerHTML.slice(0, 80) : ''; }"
    )


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus, visibly."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert page.evaluate("document.activeElement.matches(':focus-visible')"), selector
            return
        path.append(focused(page))
    raise AssertionError(f"{selector} never took the focus after {limit} Tabs: {path}")


def test_the_application_form_works_with_the_keyboard_alone(journey, mailoutbox, vacant_mexico):
    UserFactory(email="lucas@example.org", first_name="Lucas")
    # Listen for the file dialog from the start: Playwright asks Chromium to hand it over
    # without waiting for an answer, so a listener added just before the key press may be late.
    journey.page.on("filechooser", lambda chooser: None)
    page = journey.goto("/fr/accounts/login/?next=/fr/vacancies/coordination-mexique/apply/")
    check(journey, "log-in form")
    tab_to(page, "#id_login")
    page.keyboard.type("lucas@example.org")
    tab_to(page, "#id_password", limit=3)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # Anchored: the login page's own address ends with ?next=<this path>, so "**/…/apply/"
    # would match before the form is even sent.
    page.wait_for_url(re.compile(r"^https?://[^/?]+/fr/vacancies/coordination-mexique/apply/$"))
    check(journey, "application form")

    tab_to(page, "#id_motivation")
    page.keyboard.type(MOTIVATION)
    tab_to(page, "#id_cv", limit=3)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(CV)  # the person picks their CV in the system's dialog
    tab_to(page, "#id_hours_per_week", limit=3)
    page.keyboard.type("4")
    tab_to(page, "#id_can_travel", limit=3)
    page.keyboard.press("Space")
    tab_to(page, "#id_commitment_confirmed", limit=3)
    page.keyboard.press("Space")
    tab_to(page, "#id_consent", limit=3)
    page.keyboard.press("Space")
    journey.shot("form filled with the keyboard")
    tab_to(page, "form.application-form button[type=submit]", limit=4)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/fr/vacancies/applications/\d+/$"))
    expect(page.get_by_text("Merci : votre candidature est envoyée.")).to_be_visible()
    expect(page.locator("main .badge", has_text="Envoyée")).to_be_visible()
    check(journey, "application sent")
    application = Application.objects.get(applicant__email="lucas@example.org")
    assert application.motivation == MOTIVATION
    assert application.hours_per_week == 4
    assert application.can_travel and application.commitment_confirmed
    assert application.cv.read() == CV_PDF
