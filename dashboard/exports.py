"""The secretariat's CSV exports, streamed.

The format is the one Excel with Belgian regional settings (fr-BE) opens correctly by a double
click: UTF-8 with a byte-order mark (without it Excel reads Windows-1252 and mangles accents),
fields separated by a semicolon (the list separator where the comma is the decimal separator),
lines ending in CRLF, dates as dd/mm/yyyy and times in Brussels time. LibreOffice and Numbers
read the same file. A text cell that begins with = + - @ (or a tab or carriage return) gets a
leading apostrophe, so that a spreadsheet never runs what a person typed as a formula.

Rows come from ``values_list`` querysets read with ``iterator(chunk_size=2000)`` and are sent
a few hundred at a time: memory stays flat whether the file has 100 rows or 100,000.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.security import security_event
from actions.models import ActionProposal, FollowUpReport
from coordinations.models import Coordination, Mandate
from dashboard import selectors
from dashboard.periods import BRUSSELS
from groups.models import Province
from recruitment.models import Application, Vacancy

BOM = "\ufeff"
DELIMITER = ";"
# Rows read from the database at a time, and rows written to the response at a time.
ITERATOR_CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object whose write() hands back the line, so csv.writer builds strings."""

    def write(self, value: str) -> str:
        return value


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@dataclass
class CsvExport:
    """One export: its name in the audit log, the file name, the header and the rows."""

    name: str
    filename: str
    header: list[str]
    rows: QuerySet
    format_row: Callable[[tuple], list]
    # What the export is about, for the security log (e.g. "recruitment.vacancy#12").
    about: str = ""

    def __post_init__(self):
        # Labels are resolved now, in the request's language: the rows are written later,
        # while the response streams, when the request's language may no longer be active.
        self.header = [str(title) for title in self.header]
        self._yes, self._no = _("yes"), _("no")

    def cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return self._yes if value else self._no
        if isinstance(value, datetime.datetime):
            return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, str):
            return _text(value)
        return str(value)

    def lines(self, rows: Iterable[tuple]) -> Iterator[bytes]:
        writer = csv.writer(_Line(), delimiter=DELIMITER, lineterminator="\r\n")
        yield (BOM + writer.writerow(self.header)).encode("utf-8")
        batch = []
        for row in rows:
            batch.append(writer.writerow([self.cell(value) for value in self.format_row(row)]))
            if len(batch) >= ROWS_PER_WRITE:
                yield "".join(batch).encode("utf-8")
                batch = []
        if batch:
            yield "".join(batch).encode("utf-8")

    def response(self, request) -> StreamingHttpResponse:
        """Record the export in the security log and stream the file."""
        about = {"object": self.about} if self.about else {}
        security_event("export", request, export=self.name, rows=self.rows.count(), **about)
        response = StreamingHttpResponse(
            self.lines(self.rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def dated_filename(*parts: str) -> str:
    """e.g. coordinateurs-2026-11-24.csv: ASCII only, so no header encoding is needed."""
    words = [slugify(part) for part in parts if part]
    return "-".join([*words, timezone.localdate().isoformat()]) + ".csv"


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


# The four exports ----------------------------------------------------------------------------


def coordinators_export() -> CsvExport:
    kinds = _labels(Coordination.Kind.choices)
    roles = _labels(Mandate.Role.choices)
    statuses = _labels(Mandate.Status.choices)
    end_kinds = _labels(Mandate.EndKind.choices)

    def format_row(row):
        (coordination, kind, role, status, *person, start, end, ended_on, end_kind) = row
        return [
            coordination,
            kinds.get(kind, kind),
            roles.get(role, role),
            statuses.get(status, status),
            *person,
            start,
            end,
            ended_on,
            end_kinds.get(end_kind, end_kind),
        ]

    return CsvExport(
        name="coordinators",
        filename=dated_filename(_("coordinators")),
        header=[
            _("Coordination"),
            _("Kind"),
            _("Role"),
            _("Mandate status"),
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Phone"),
            _("Postal code"),
            _("Start date"),
            _("End of the commitment"),
            _("Ended on"),
            _("How it ended"),
        ],
        rows=selectors.mandates_for_export(),
        format_row=format_row,
    )


def groups_export() -> CsvExport:
    provinces = _labels(Province.choices)

    def format_row(row):
        name, postal_code, commune, province, *rest = row
        return [name, postal_code, commune, provinces.get(province, province), *rest]

    return CsvExport(
        name="groups",
        filename=dated_filename(_("groups")),
        header=[
            _("Group"),
            _("Postal code"),
            _("Commune"),
            _("Province"),
            _("Active"),
            _("Members"),
            _("Leader's first name"),
            _("Leader's last name"),
            _("Leader's e-mail address"),
            _("Leader's phone"),
            _("Treasurer's first name"),
            _("Treasurer's last name"),
            _("Treasurer's e-mail address"),
        ],
        rows=selectors.groups_for_export(),
        format_row=format_row,
    )


def applications_export(vacancy: Vacancy) -> CsvExport:
    statuses = _labels(Application.Status.choices)
    english = (get_language() or "fr").startswith("en")

    def format_row(row):
        *person, status, submitted, hours, travel, commitment, reason, reason_en, start = row
        return [
            *person,
            statuses.get(status, status),
            submitted,
            hours,
            travel,
            commitment,
            (reason_en or reason) if english else reason,
            start,
        ]

    return CsvExport(
        name="applications",
        filename=dated_filename(_("applications"), vacancy.slug),
        header=[
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Phone"),
            _("Postal code"),
            _("Status"),
            _("Applied on"),
            _("Hours available a week"),
            _("Able to travel"),
            _("Minimum commitment confirmed"),
            _("Reason for declining"),
            _("Starts on"),
        ],
        rows=selectors.applications_for_export(vacancy),
        format_row=format_row,
        about=f"recruitment.vacancy#{vacancy.pk}",
    )


def follow_up_export(proposal: ActionProposal) -> CsvExport:
    provinces = _labels(Province.choices)
    statuses = _labels(FollowUpReport.Status.choices)
    no_report = _("No report yet")

    def format_row(row):
        name, postal_code, commune, province, status, *rest = row
        return [
            name,
            postal_code,
            commune,
            provinces.get(province, province),
            statuses.get(status, status) if status else no_report,
            *rest,
        ]

    return CsvExport(
        name="follow_up",
        filename=dated_filename(_("follow-up"), str(proposal.pk)),
        header=[
            _("Group"),
            _("Postal code"),
            _("Commune"),
            _("Province"),
            _("Follow-up"),
            _("Letters sent"),
            _("Signatures collected"),
            _("People reached"),
            _("Events held"),
            _("Reported on"),
            _("Comment"),
        ],
        rows=selectors.follow_up_for_export(proposal),
        format_row=format_row,
        about=f"actions.actionproposal#{proposal.pk}",
    )
