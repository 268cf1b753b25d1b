"""The signed, expiring link a group leader receives to report follow-up without logging in.

The link names one proposal, one group and one leader. It is signed with the project's secret
and a salt of its own (a token made for another purpose is refused), and expires after
REPORT_LINK_MAX_AGE. The view also checks that the person still leads the group.
"""

import datetime
from dataclasses import dataclass

from django.core import signing

REPORT_LINK_SALT = "actions.follow-up-report-link"
REPORT_LINK_MAX_AGE = datetime.timedelta(days=60)


@dataclass(frozen=True)
class ReportLink:
    proposal_id: int
    group_id: int
    leader_id: int


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=REPORT_LINK_SALT)


def report_token(*, proposal_id: int, group_id: int, leader_id: int) -> str:
    return _signer().sign_object({"p": proposal_id, "g": group_id, "u": leader_id})


def read_report_token(token: str) -> ReportLink:
    """The link's content; raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    data = _signer().unsign_object(token, max_age=REPORT_LINK_MAX_AGE)
    try:
        return ReportLink(int(data["p"]), int(data["g"]), int(data["u"]))
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Incomplete report link.") from None
