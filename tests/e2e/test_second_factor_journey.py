"""A new member of the secretariat sets up their authenticator app, as a person does it.

Their first log-in leads to the set-up (after the password, asked again by allauth): they add
the secret to the app, type its code, confirm one code, see their recovery codes, then work.
At the next log-in, the code form; a recovery code, typed instead, opens the portal too. Every
page is checked with axe-core.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, StaffFactory
from tests.mfa import code_now

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_new_staff_member_sets_up_the_app_then_logs_in_with_a_code(journey):
    page = journey.page
    staff = StaffFactory(email="nouvelle@example.org", first_name="Inès", second_factor=False)
    main = page.locator("main")

    journey.goto("/fr/accounts/login/?next=/fr/dashboard/")
    log_in(page, staff.email)
    # No app yet: the dashboard sends to the set-up, for which allauth asks the password again.
    page.wait_for_url("**/fr/accounts/reauthenticate/**")
    journey.check("password asked again")
    main.locator("input[name=password]").fill(PASSWORD)
    main.locator("button[type=submit]").click()
    page.wait_for_url("**/fr/accounts/2fa/totp/activate/")
    expect(main.get_by_role("img")).to_be_visible()  # the QR code
    journey.check("set-up")
    secret = main.locator("code").inner_text().strip()
    main.locator("input[name=code]").fill(code_now(secret))
    main.get_by_role("button", name="Activer").click()

    # One code from the new app, and the recovery codes show.
    page.wait_for_url("**/fr/accounts/2fa/reauthenticate/**")
    journey.check("first code")
    main.locator("input[name=code]").fill(code_now(secret))
    main.locator("button[type=submit]").first.click()
    page.wait_for_url("**/fr/accounts/2fa/recovery-codes/")
    journey.check("recovery codes")
    recovery_codes = main.locator("#recovery_codes li").all_inner_texts()
    assert len(recovery_codes) == 10

    journey.goto("/fr/dashboard/")
    expect(page.get_by_role("heading", name="Tableau de bord", level=1)).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # The next log-in asks for a code; a recovery code stands in for the phone.
    journey.goto("/fr/accounts/login/?next=/fr/dashboard/")
    main.locator("input[name=login]").fill(staff.email)
    main.locator("input[name=password]").fill(PASSWORD)
    main.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/accounts/2fa/authenticate/")
    journey.check("code at log-in")
    main.locator("input[name=code]").fill("000000")
    main.get_by_role("button", name="Connexion").click()
    expect(main.get_by_text("Code incorrect.")).to_be_visible()
    main.locator("input[name=code]").fill(recovery_codes[0])
    main.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/fr/dashboard/")
    expect(page.get_by_role("heading", name="Tableau de bord", level=1)).to_be_visible()
