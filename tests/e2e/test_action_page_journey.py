"""Journey: the coordinator proposes an Urgent Action whose circular carries a letter template;
the leader of Namur follows the e-mail's link to the action page, downloads the letter filled in
for the authority and the group, and reports. Every page is checked with axe-core.

The new page's own words are not in the French catalogue yet: the journey finds its links by
where they lead, and its buttons by the words the portal already translates."""

import re

import pytest
from playwright.sync_api import expect

from actions import services
from tests.actions.factories import TargetFactory
from tests.actions.letter_files import docx_text, docx_upload
from tests.e2e.conftest import Journey, link_from, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def field(page, name: str):
    return page.get_by_label(re.compile(rf"^\s*{name}\*?\s*$"))


@pytest.fixture
def material(assigned_circular, secretariat):
    template = services.attachment_add(
        circular=assigned_circular,
        file=docx_upload(),
        title="Modèle de lettre",
        uploaded_by=secretariat,
    )
    target = TargetFactory(
        circular=assigned_circular,
        authority="Fiscal General de la República",
        salutation="Señor Fiscal General:",
        address="Avenida de la Reforma 211\nCiudad de México",
        email="fiscalia@example.mx",
    )
    return {"template": template, "target": target}


def test_from_the_proposal_to_the_letter_and_the_report(
    journey,
    browser,
    live_server,
    coordinator,
    assigned_circular,
    material,
    group,
    leader,
    other_group,
    other_leader,
    mailoutbox,
    tmp_path,
):
    page = journey.page
    contexts = []
    try:
        # 1. The coordinator proposes the circular to every group: its template and its
        # authority are ticked in advance.
        journey.goto(
            f"/fr/accounts/login/?next=/fr/actions/proposals/new/%3Fcircular%3D{assigned_circular.pk}"
        )
        log_in(page, coordinator.email)
        page.wait_for_url("**/fr/actions/proposals/new/?circular=*")
        template_box = page.locator(f'input[name="documents"][value="{material["template"].pk}"]')
        target_box = page.locator(f'input[name="targets"][value="{material["target"].pk}"]')
        expect(template_box).to_be_checked()
        expect(target_box).to_be_checked()
        journey.check("proposal form with the circular's material")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        page.wait_for_url(re.compile(r"/fr/actions/proposals/\d+/$"))
        page.get_by_role("button", name="Publier auprès des groupes").click()
        expect(page.get_by_text("La proposition a été envoyée à 2 groupes.")).to_be_visible()
        (message,) = [m for m in mailoutbox if m.to == [leader.email]]

        # 2. The leader of Namur follows the e-mail's link, logs in, lands on the action page.
        context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        claire = Journey(context.new_page(), live_server, f"{journey.folder.name}-leader")
        c = claire.page
        claire.goto(link_from(message, "/actions/groups/namur/proposals/"))
        log_in(c, leader.email)
        c.wait_for_url(re.compile(r"/fr/actions/groups/namur/proposals/\d+/$"))
        main = c.locator("main")
        expect(main).to_contain_text("Fiscal General de la República")
        expect(main).to_contain_text("Avenida de la Reforma 211")
        expect(main).to_contain_text("Señor Fiscal General:")
        expect(main).to_contain_text("fiscalia@example.mx")
        expect(main.locator(f'a[href$="/documents/{material["template"].pk}/"]')).to_be_visible()
        claire.check("action page")

        # 3. She downloads the letter to the authority, filled in for Namur.
        with c.expect_download() as download:
            main.locator(f'a[href$="/letters/{material["target"].pk}/"]').click()
        path = tmp_path / "lettre.docx"
        download.value.save_as(path)
        text = docx_text(path.read_bytes())
        assert "Avenida de la Reforma 211\nCiudad de México" in text
        assert "Groupe de Namur" in text
        assert "Claire Dumont" in text

        # 4. She reports from the same page, and comes back to it.
        c.get_by_role("radio", name="Réalisée").check()
        field(c, "Lettres envoyées").fill("12")
        c.get_by_role("button", name="Envoyer le rapport").click()
        expect(c.get_by_text("Merci : le suivi de votre groupe est enregistré.")).to_be_visible()
        c.wait_for_url(re.compile(r"/fr/actions/groups/namur/proposals/\d+/$"))
        claire.check("reported")
        proposal = assigned_circular.proposals.get()
        assert proposal.reports.get(group=group).letters_sent == 12
    finally:
        for context in contexts:
            context.close()
