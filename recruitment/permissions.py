"""Who may see and do what in recruitment. Staff see every application; an applicant sees their
own, and nobody else's (404)."""

from accounts.permissions import is_staff_member, rule


@rule("recruitment.view_application")
def _view_application(user, application) -> bool:
    return is_staff_member(user) or application.applicant_id == user.pk


@rule("recruitment.withdraw_application")
def _withdraw_application(user, application) -> bool:
    return application.applicant_id == user.pk


@rule("recruitment.download_cv")
def _download_cv(user, application) -> bool:
    return is_staff_member(user) or application.applicant_id == user.pk


@rule("recruitment.manage_application")
def _manage_application(user, application) -> bool:
    return is_staff_member(user)


@rule("recruitment.manage_interest")
def _manage_interest(user, registration) -> bool:
    return registration.person_id == user.pk


@rule("recruitment.preview_vacancy")
def _preview_vacancy(user, vacancy) -> bool:
    """Drafts are seen by staff only, before they are published."""
    return is_staff_member(user)
