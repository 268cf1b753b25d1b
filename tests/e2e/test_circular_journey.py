"""Journey 4: the secretariat registers an Urgent Action and assigns it to the coordination of the
country; the coordinator proposes it to the groups of two provinces; a group's leader reports it
carried out with 40 letters; the proposal's results and the dashboard show the 40 letters.
Every page is checked with axe-core."""

import csv
import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Journey, link_from, log_in
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REFERENCE = "UA 045/26"
TITLE = "Mexique : une défenseure des droits des peuples autochtones menacée"


def field(page, name: str):
    """A form field by its label, which may end with the asterisk of required fields."""
    return page.get_by_label(re.compile(rf"^\s*{name}\*?\s*$"))


@pytest.fixture
def groups(group, leader, other_group, other_leader):
    """Namur (province of Namur) and Liège (province of Liège) with their leaders, and Mons in
    Hainaut, a province the proposal leaves out."""
    LocalGroupFactory(name="Groupe de Mons", slug="mons", place=place("7000"))
    return group


def test_an_urgent_action_from_registration_to_the_letters_counted(
    journey, browser, live_server, secretariat, coordinator, groups, mailoutbox, tmp_path
):
    page = journey.page

    def other_person(name: str) -> Journey:
        context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return Journey(context.new_page(), live_server, f"{journey.folder.name}-{name}")

    contexts = []
    try:
        # 1. The secretariat registers the Urgent Action...
        journey.goto("/fr/accounts/login/?next=/fr/actions/circulars/")
        log_in(page, secretariat.email)
        page.wait_for_url("**/fr/actions/circulars/")
        journey.check("registry")
        page.get_by_role("link", name="Enregistrer une circulaire").click()
        page.wait_for_url("**/fr/actions/circulars/new/")
        journey.check("registration form")
        field(page, "Référence").fill(REFERENCE)
        field(page, "Titre").fill(TITLE)
        field(page, "Type").select_option(label="Action urgente")
        field(page, "Priorité").select_option(label="Urgente")
        field(page, "Pays").select_option(label="Mexique")
        field(page, "Date d’émission").fill(
            (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        )
        field(page, "Résumé").fill(
            "Une défenseure des droits des peuples autochtones est menacée de mort. "
            "Écrivez au procureur général pour demander sa protection."
        )
        field(page, "Lien").fill("https://www.amnesty.org/fr/documents/amr41/0450/2026/fr/")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.get_by_text("La circulaire a été enregistrée.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text(REFERENCE)
        journey.check("circular registered")

        # ... and assigns it: the coordination of Mexico is proposed, ticked in advance.
        page.get_by_role("link", name="Assigner à des coordinations").click()
        mexico = page.get_by_role("checkbox", name=re.compile("^Mexique"))
        expect(mexico).to_be_checked()
        journey.check("assignment form")
        page.get_by_role("button", name="Assigner", exact=True).click()
        expect(
            page.get_by_text(re.compile(r"La circulaire a été assignée à\s: Mexique"))
        ).to_be_visible()
        journey.check("circular assigned")
        assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
        assignment = mailoutbox[0]
        assert REFERENCE in assignment.body

        # 2. The coordinator follows the e-mail, acknowledges and proposes it to two provinces.
        karim = other_person("coordinator")
        k = karim.page
        karim.goto(link_from(assignment, "/actions/inbox/"))
        log_in(k, "coordinator@example.org")
        k.wait_for_url("**/fr/actions/inbox/")
        row = k.get_by_role("row", name=REFERENCE)
        expect(row).to_contain_text("Urgente")
        karim.check("inbox")
        row.get_by_role("button", name="Confirmer la réception").click()
        expect(k.get_by_text(f"Vous avez confirmé la réception de {REFERENCE}")).to_be_visible()
        k.get_by_role("row", name=REFERENCE).get_by_role(
            "link", name="Proposer aux groupes"
        ).click()
        k.wait_for_url("**/fr/actions/proposals/new/?circular=*")
        expect(field(k, "Titre")).to_have_value(TITLE)
        k.get_by_role("radio", name="Les groupes de certaines provinces").check()
        k.get_by_role("checkbox", name="Namur", exact=True).check()
        k.get_by_role("checkbox", name="Liège", exact=True).check()
        karim.check("proposal form")
        k.get_by_role("button", name="Enregistrer le brouillon").click()
        k.wait_for_url(re.compile(r"/fr/actions/proposals/\d+/$"))
        expect(k.get_by_text("Elle sera envoyée à 2 groupes.")).to_be_visible()
        karim.check("draft proposal")
        results_url = k.url
        k.get_by_role("button", name="Publier auprès des groupes").click()
        expect(k.get_by_text("La proposition a été envoyée à 2 groupes.")).to_be_visible()
        karim.check("proposal published")
        to_leaders = {m.to[0]: m for m in mailoutbox[1:]}
        assert set(to_leaders) == {"leader@example.org", "other.leader@example.org"}

        # 3. The leader of Namur reports from the e-mail's link: carried out, 40 letters.
        claire = other_person("leader")
        c = claire.page
        claire.goto(link_from(to_leaders["leader@example.org"], "/actions/report/"))
        expect(c.get_by_role("heading", level=1)).to_have_text("Rapport de suivi")
        expect(c.locator("main")).to_contain_text("Groupe de Namur")
        claire.check("report form")
        c.get_by_role("radio", name="Réalisée").check()
        field(c, "Lettres envoyées").fill("40")
        c.get_by_role("button", name="Envoyer le rapport").click()
        expect(c.get_by_text("Merci : le suivi de votre groupe est enregistré.")).to_be_visible()
        claire.check("report sent")

        # 4. The proposal's results show the 40 letters, Namur's report and Liège waiting.
        k.goto(results_url)
        overall = k.get_by_role("region", name="Au total")
        expect(overall).to_contain_text(re.compile(r"40\s*lettres envoyées"))
        expect(overall).to_contain_text("1 groupe sur 2 a fait rapport")
        namur = k.get_by_role("row", name=re.compile("Groupe de Namur"))
        expect(namur).to_contain_text("Réalisée")
        expect(namur.locator("td").nth(1)).to_have_text("40")
        expect(k.get_by_role("row", name=re.compile("Groupe de Liège"))).to_contain_text(
            "Pas encore de rapport"
        )
        expect(k.get_by_role("row", name=re.compile("Groupe de Mons"))).to_have_count(0)
        karim.check("results with the 40 letters")

        # 5. The dashboard of the secretariat: the proposal carried out by one group, 40 letters.
        page.get_by_role("link", name="Tableau de bord").click()
        page.wait_for_url("**/fr/dashboard/")
        follow_up = page.locator(
            "div", has=page.get_by_role("heading", name="Suivi des dernières propositions d’action")
        ).last
        follow_up.get_by_text("Afficher les chiffres sous forme de tableau").click()
        table = follow_up.get_by_role("table")
        proposal_row = table.get_by_role("row", name=re.compile(re.escape(TITLE)))
        expect(proposal_row).to_be_visible()
        cells = proposal_row.locator("td")
        # Two groups targeted: one carried it out, the other has not reported yet.
        expect(cells.nth(1)).to_have_text("2")
        expect(cells.nth(2)).to_have_text("1")
        expect(cells.nth(5)).to_have_text("1")
        expect(cells.nth(6)).to_have_text("40")
        journey.check("dashboard")
        with page.expect_download() as download:
            proposal_row.get_by_role("link", name=re.compile("Résultats \\(CSV\\)")).click()
        path = tmp_path / "suivi.csv"
        download.value.save_as(path)
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
        header, by_group = rows[0], {row[0]: row for row in rows[1:]}
        assert by_group["Groupe de Namur"][header.index("Lettres envoyées")] == "40"
    finally:
        for context in contexts:
            context.close()
