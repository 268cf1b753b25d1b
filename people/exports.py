"""The CSV export of a people search (the secretariat's format, audited like the others:
dashboard.exports)."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dashboard.exports import CsvExport, dated_filename
from groups.models import Membership, Province
from people import selectors


def people_export(people: QuerySet, *, filters: dict) -> CsvExport:
    """Every person the search finds (not only the page shown), with where they live, what they
    hold, their tags and whether they opted in to the news."""
    provinces = {value: str(label) for value, label in Province.choices}
    languages = {code: str(label) for code, label in settings.LANGUAGES}
    roles = {value: str(label) for value, label in Membership.Role.choices}
    tags = selectors.tags_by_person(people)

    def format_row(row):
        (pk, *person, postal_code, commune, province, language, coordination, group, role) = row[
            :-1
        ]
        return [
            *person,
            postal_code,
            commune,
            provinces.get(province, province or ""),
            languages.get(language, language),
            coordination,
            group,
            roles.get(role, role or ""),
            ", ".join(tags.get(pk, [])),
            row[-1],
        ]

    return CsvExport(
        name="people",
        filename=dated_filename(_("people")),
        header=[
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Phone"),
            _("Postal code"),
            _("Commune"),
            _("Province"),
            _("Language"),
            _("Coordination held"),
            _("Group"),
            _("Role in the group"),
            _("Tags"),
            _("Opted in to the news"),
        ],
        rows=selectors.people_for_export(people),
        format_row=format_row,
        about="people.search " + ",".join(sorted(filters)),
    )
