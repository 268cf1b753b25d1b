"""Journey: the secretariat builds the segment "leaders of Namur province" from the people
search, writes them a message in French and English, sees who it reaches and how it reads,
sends it; a leader reads it in their mailbox and its link opens their space. Every page is
checked with axe-core.

The staff pages are opened in English (/en/): their French comes with the translations merged
by the lead; the leader's side stays in French."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Journey, link_from
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEGMENT = "Leaders of Namur province"


def sign_in(page, email: str) -> None:
    """The log-in form, then the authenticator's code for staff, by the fields' names (the
    buttons' wording belongs to the log-in pages, not to this journey)."""
    from accounts.models import User
    from tests.factories import PASSWORD
    from tests.mfa import current_code

    main = page.locator("main")
    main.locator("input[name=login]").fill(email)
    main.locator("input[name=password]").fill(PASSWORD)
    main.locator("form button[type=submit]").first.click()
    code = current_code(User.objects.get(email=email))
    if code is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        main.locator("input[name=code]").fill(code)
        main.locator("form button[type=submit]").first.click()


def field(page, name: str):
    """A form field by its label, which may end with the asterisk of required fields."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(name)}\*?\s*$"))


@pytest.fixture
def namur_province(group, leader, other_group, other_leader):
    """Namur (Claire) and Dinant (Pieter, who reads English) in Namur province; Liège (Julien)
    elsewhere."""
    dinant = LocalGroupFactory(name="Groupe de Dinant", slug="dinant", place=place("5500"))
    pieter = UserFactory(
        email="pieter@example.org",
        first_name="Pieter",
        last_name="Claes",
        postal_code="5500",
        preferred_language="en",
    )
    MembershipFactory(group=dinant, volunteer=pieter, role="leader")
    return {"claire": leader, "pieter": pieter}


def test_staff_write_to_the_leaders_of_a_province_and_a_leader_reads_it(
    journey, browser, live_server, secretariat, namur_province, mailoutbox
):
    page = journey.page
    contexts = []
    try:
        # 1. The people search: the leaders of the groups of Namur province.
        journey.goto("/fr/accounts/login/?next=/en/dashboard/people/")
        sign_in(page, secretariat.email)
        page.wait_for_url("**/en/dashboard/people/")
        journey.check("people")
        field(page, "Role").select_option(label="Leader of a group (of…)")
        field(page, "Province").select_option(label="Namur")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.locator("#result-count")).to_have_text("2 people found")
        results = page.get_by_role("table")
        expect(results).to_contain_text("Claire Dumont")
        expect(results).to_contain_text("Pieter Claes")
        expect(results).not_to_contain_text("Julien")
        journey.check("leaders of Namur province")

        # 2. Saved as a segment.
        page.get_by_text("Save this search as a segment").click()
        field(page, "Name of the segment").fill(SEGMENT)
        page.get_by_role("button", name="Save the segment").click()
        page.wait_for_url(re.compile(r"/en/dashboard/people/\?segment=\d+$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Segment: {SEGMENT}")
        expect(page.locator("#result-count")).to_have_text("2 people found")
        journey.check("segment saved")

        # 3. A message to the segment, in both languages, with placeholders.
        page.get_by_role("link", name="Write to this segment").click()
        page.wait_for_url(re.compile(r"/en/dashboard/messages/new/\?segment=\d+$"))
        expect(field(page, "Segment")).to_have_value(re.compile(r"\d+"))
        field(page, "Kind").select_option(label="Service message (to everyone chosen)")
        field(page, "Subject (French)").fill("Réunion des responsables, {first_name}")
        field(page, "Message (French)").fill(
            "Bonjour {first_name},\n\nLes responsables de la province se retrouvent à Namur "
            "le mois prochain. Dites-nous si {group} sera représenté.\n\nVotre espace : {link}"
        )
        field(page, "Subject (English)").fill("Leaders' meeting, {first_name}")
        field(page, "Message (English)").fill(
            "Hello {first_name},\n\nThe leaders of the province meet in Namur next month. "
            "Let us know whether {group} will be there.\n\nYour space: {link}"
        )
        journey.check("message written")
        page.get_by_role("button", name="Save and preview").click()
        page.wait_for_url(re.compile(r"/en/dashboard/messages/\d+/$"))
        expect(page.locator("#audience-count")).to_have_text("It reaches 2 people today.")
        previews = page.locator("article")
        expect(previews.filter(has_text="Bonjour Claire")).to_have_count(1)
        expect(previews.filter(has_text="Hello Pieter")).to_have_count(1)
        expect(previews.filter(has_text="Groupe de Dinant").first).to_be_visible()
        journey.check("preview for real recipients")

        # 4. Sent now: each leader once, in their language.
        expect(page.get_by_role("radio", name="Now")).to_be_checked()
        page.get_by_role("button", name="Send the message").click()
        expect(page.get_by_text("The message is on its way.")).to_be_visible()
        expect(page.locator("#total-recipients")).to_have_text("2")
        expect(page.locator("#total-sent")).to_have_text("2")
        journey.check("message sent")
        by_address = {m.to[0]: m for m in mailoutbox}
        assert sorted(by_address) == ["leader@example.org", "pieter@example.org"]
        claire_mail = by_address["leader@example.org"]
        assert claire_mail.subject == "Réunion des responsables, Claire"
        assert "Groupe de Namur sera représenté" in claire_mail.body
        assert by_address["pieter@example.org"].subject == "Leaders' meeting, Pieter"

        # Claire's page: the message is on her timeline, with its delivery.
        page.get_by_role("link", name="Claire Dumont").click()
        page.wait_for_url(re.compile(r"/en/dashboard/people/\d+/$"))
        entry = page.locator("li[data-kind=message]").first
        expect(entry).to_contain_text("Réunion des responsables, Claire")
        expect(entry).to_contain_text("Sent")
        expect(page.locator("li[data-kind=group]").first).to_contain_text("Groupe de Namur")
        journey.check("the leader's timeline")

        # 5. Claire reads it and follows its link: her space, once she has logged in.
        context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        claire = Journey(context.new_page(), live_server, f"{journey.folder.name}-leader")
        claire.goto(link_from(claire_mail, "fr/me/"))
        claire.page.wait_for_url("**/fr/accounts/login/?next=/fr/me/")
        sign_in(claire.page, "leader@example.org")
        claire.page.wait_for_url("**/fr/me/")
        expect(claire.page.get_by_role("heading", level=1)).to_contain_text("Claire")
        claire.check("the leader's space, from the message")
    finally:
        for context in contexts:
            context.close()
