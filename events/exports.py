"""The volunteering hours as CSV, in the format of the dashboard's exports (dashboard.exports:
Excel with Belgian settings, formulas neutralised, recorded in the security log)."""

from django.utils.translation import gettext as _

from dashboard.exports import CsvExport, dated_filename
from dashboard.periods import Period
from events import selectors


class _Rows(list):
    """Rows computed ahead (a handful per person or group), with what CsvExport asks of a
    queryset."""

    def count(self):
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


def hours_export(*, period: Period, by: str = "person") -> CsvExport:
    """One row per person (or group, coordination, campaign): hours at events and shifts,
    logged by leaders, in the coordinators' activity log, and in all."""
    totals = selectors.hours_totals(start=period.start, end=period.end)
    table = selectors.hours_table(totals, by)
    titles = {
        "person": _("Volunteer"),
        "group": _("Group"),
        "coordination": _("Coordination"),
        "campaign": _("Campaign"),
    }
    rows = _Rows()
    for row in table:
        if by == "person":
            sources = totals.person_sources.get(row["id"], {})
            rows.append(
                (
                    row["name"],
                    _hours(sources.get("events", 0)),
                    _hours(sources.get("log", 0)),
                    _hours(sources.get("activities", 0)),
                    _hours(row["minutes"]),
                )
            )
        else:
            rows.append((row["name"], _hours(row["minutes"])))
    header = [titles[by]]
    if by == "person":
        header += [
            _("Events and shifts (hours)"),
            _("Logged by a group leader (hours)"),
            _("Coordination activities (hours)"),
        ]
    header.append(_("Total (hours)"))
    return CsvExport(
        name=f"volunteer_hours_by_{by}",
        filename=dated_filename(_("volunteer-hours"), by, period.start.isoformat()),
        header=header,
        rows=rows,
        format_row=list,
        about=f"period:{period.start.isoformat()}..{period.end.isoformat()}",
    )


def _hours(minutes: int) -> str:
    # A decimal comma, as Excel with Belgian settings reads numbers.
    return f"{minutes / 60:.2f}".replace(".", ",")
