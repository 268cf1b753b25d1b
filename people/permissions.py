"""The people pages and messages to segments are the secretariat's: staff only (others 404)."""

from accounts.permissions import is_staff_member, rule


@rule("people.view")
def _view_people(user, obj) -> bool:
    return is_staff_member(user)


@rule("people.write")
def _write_to_people(user, obj) -> bool:
    return is_staff_member(user)
