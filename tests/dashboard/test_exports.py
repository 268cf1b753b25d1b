"""The CSV exports: what they contain, how a Belgian spreadsheet reads them, the audit log,
and a large export streamed with bounded memory."""

import csv
import datetime
import io
import logging
import time
import tracemalloc

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from actions.models import FollowUpReport
from coordinations.models import Mandate
from dashboard.exports import ROWS_PER_WRITE
from groups.models import Membership
from recruitment.models import Application, DeclineReason
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory
from tests.coordinations.factories import MandateFactory
from tests.dashboard import bulk
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

BOM = "\ufeff".encode()


def parse(content: bytes) -> list[list[str]]:
    """Read a file the way a spreadsheet with Belgian settings does: UTF-8 with BOM, ";"."""
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def download(client, url) -> tuple[StreamingHttpResponse, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response, parse(b"".join(response.streaming_content))


def today() -> str:
    return timezone.localdate().isoformat()


# --- Coordinators with their mandates ---------------------------------------------------------


def test_coordinators_export(staff_client, coordination, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    karim = UserFactory(
        first_name="Karim", last_name="Benali", email="karim@example.org", phone="0470 12 34 56"
    )
    MandateFactory(coordination=coordination, volunteer=karim, start_date=datetime.date(2025, 3, 1))
    ended = MandateFactory(
        coordination=coordination,
        volunteer=UserFactory(first_name="Anne", last_name="Lejeune", postal_code="1000"),
        start_date=datetime.date(2021, 1, 15),
    )
    ended.status = Mandate.Status.ENDED
    ended.ended_on = datetime.date(2023, 1, 15)
    ended.end_kind = Mandate.EndKind.HANDED_OVER
    ended.save()

    response, rows = download(staff_client, reverse("dashboard:export_coordinators"))

    assert response["Content-Disposition"] == f'attachment; filename="coordinateurs-{today()}.csv"'
    assert rows[0] == [
        "Coordination",
        "Type",
        "Rôle",
        "Statut du mandat",
        "Prénom",
        "Nom",
        "Adresse e-mail",
        "Téléphone",
        "Code postal",
        "Date de début",
        "Fin de l’engagement",
        "Terminé le",
        "Motif de fin",
    ]
    assert rows[1:] == [
        [
            "Mexique",
            "Pays",
            "Coordinateur ou coordinatrice",
            "Actif",
            "Karim",
            "Benali",
            "karim@example.org",
            "0470 12 34 56",
            "5000",
            "01/03/2025",
            "01/03/2027",
            "",
            "",
        ],
        [
            "Mexique",
            "Pays",
            "Coordinateur ou coordinatrice",
            "Terminé",
            "Anne",
            "Lejeune",
            ended.volunteer.email,
            "",
            "1000",
            "15/01/2021",
            "15/01/2023",
            "15/01/2023",
            "Passé à un successeur",
        ],
    ]
    assert '"event": "export"' in caplog.text
    assert '"export": "coordinators"' in caplog.text
    assert '"rows": 2' in caplog.text


def test_export_in_english(client, staff, coordination):
    client.force_login(staff)
    MandateFactory(coordination=coordination, start_date=datetime.date(2025, 3, 1))
    response = client.get("/en/dashboard/exports/coordinators.csv")
    rows = parse(b"".join(response.streaming_content))
    assert rows[0][:4] == ["Coordination", "Kind", "Role", "Mandate status"]
    assert rows[1][1:4] == ["Country", "Coordinator", "Active"]
    assert response["Content-Disposition"] == f'attachment; filename="coordinators-{today()}.csv"'


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(staff_client, coordination):
    MandateFactory(
        coordination=coordination,
        volunteer=UserFactory(first_name='=HYPERLINK("http://evil")', last_name="-2+3"),
    )
    _response, rows = download(staff_client, reverse("dashboard:export_coordinators"))
    assert rows[1][4:6] == ['\'=HYPERLINK("http://evil")', "'-2+3"]


# --- Groups with their leaders ----------------------------------------------------------------


def test_groups_export(staff_client, group, leader, other_group, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    MembershipFactory(
        group=group,
        role=Membership.Role.TREASURER,
        volunteer=UserFactory(first_name="Marc", last_name="Piron", email="marc@example.org"),
    )
    MembershipFactory(group=group)
    LocalGroupFactory(name="Groupe dissous", slug="dissous", is_active=False, place=place("7000"))

    response, rows = download(staff_client, reverse("dashboard:export_groups"))

    assert response["Content-Disposition"] == f'attachment; filename="groupes-{today()}.csv"'
    assert rows[0][:6] == ["Groupe", "Code postal", "Commune", "Province", "Actif", "Membres"]
    by_name = {row[0]: row for row in rows[1:]}
    assert list(by_name) == ["Groupe de Liège", "Groupe de Namur", "Groupe dissous"]
    assert by_name["Groupe de Namur"] == [
        "Groupe de Namur",
        "5000",
        "Namur",
        "Namur",
        "oui",
        "3",
        "Claire",
        "Dumont",
        "leader@example.org",
        "",
        "Marc",
        "Piron",
        "marc@example.org",
    ]
    assert by_name["Groupe de Liège"][4:] == ["oui", "0", "", "", "", "", "", "", ""]
    assert by_name["Groupe dissous"][4] == "non"
    assert '"export": "groups"' in caplog.text and '"rows": 3' in caplog.text


# --- Applications of a vacancy ----------------------------------------------------------------


def test_applications_export(staff_client, vacancy, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    reason, _created = DeclineReason.objects.get_or_create(
        code="position-filled", defaults={"name": "Poste pourvu", "message": "Bonjour"}
    )
    winter = datetime.datetime(2026, 1, 10, 9, 30, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 10, 9, 30, tzinfo=datetime.UTC)
    ApplicationFactory(
        vacancy=vacancy,
        applicant=UserFactory(first_name="Léa", last_name="Dubois", email="lea@example.org"),
        submitted_at=winter,
        hours_per_week=6,
        can_travel=True,
        commitment_confirmed=True,
        motivation="Ma lettre, qui reste dans le portail.",
    )
    ApplicationFactory(
        vacancy=vacancy,
        applicant=UserFactory(first_name="Tom", last_name="Claes", email="tom@example.org"),
        submitted_at=summer,
        status=Application.Status.DECLINED,
        decline_reason=reason,
    )
    ApplicationFactory(vacancy=VacancyFactory(title="Une autre offre"))

    url = reverse("dashboard:export_applications", args=[vacancy.slug])
    response, rows = download(staff_client, url)

    assert response["Content-Disposition"] == (
        f'attachment; filename="candidatures-coordination-mexique-{today()}.csv"'
    )
    assert rows[0][5:7] == ["Statut", "Date de candidature"]
    assert rows[1:] == [
        [
            "Léa",
            "Dubois",
            "lea@example.org",
            "",
            "5000",
            "Envoyée",
            "10/01/2026 10:30",
            "6",
            "oui",
            "oui",
            "",
            "",
        ],
        [
            "Tom",
            "Claes",
            "tom@example.org",
            "",
            "5000",
            "Refusée",
            "10/07/2026 11:30",
            "",
            "non",
            "non",
            reason.name,
            "",
        ],
    ]
    content = "\n".join(";".join(row) for row in rows)
    assert "Ma lettre" not in content
    assert '"export": "applications"' in caplog.text
    assert f'"object": "recruitment.vacancy#{vacancy.pk}"' in caplog.text


# --- Follow-up of a proposal ------------------------------------------------------------------


def test_follow_up_export(staff_client, coordination, group, other_group, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    proposal = PublishedProposalFactory(coordination=coordination)
    for target in (group, other_group):
        RecipientFactory(proposal=proposal, group=target)
    ReportFactory(
        proposal=proposal,
        group=group,
        status=FollowUpReport.Status.DONE,
        letters_sent=12,
        signatures_collected=40,
        people_reached=60,
        events_held=1,
        comment='Stand au marché; "belle affluence"\nmalgré la pluie',
        reported_at=datetime.datetime(2026, 11, 2, 18, 0, tzinfo=datetime.UTC),
    )
    # Another proposal's report is not this one's.
    ReportFactory(group=other_group, status=FollowUpReport.Status.NOT_TAKEN_UP)

    url = reverse("dashboard:export_follow_up", args=[proposal.pk])
    response, rows = download(staff_client, url)

    assert response["Content-Disposition"] == (
        f'attachment; filename="suivi-{proposal.pk}-{today()}.csv"'
    )
    assert rows[0][4:] == [
        "Suivi",
        "Lettres envoyées",
        "Signatures récoltées",
        "Personnes touchées",
        "Événements organisés",
        "Date du rapport",
        "Commentaire",
    ]
    assert rows[1:] == [
        [
            "Groupe de Liège",
            "4000",
            "Liège",
            "Liège",
            "Pas encore de rapport",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "Groupe de Namur",
            "5000",
            "Namur",
            "Namur",
            "Réalisée",
            "12",
            "40",
            "60",
            "1",
            "02/11/2026 19:00",
            'Stand au marché; "belle affluence"\nmalgré la pluie',
        ],
    ]
    assert f'"object": "actions.actionproposal#{proposal.pk}"' in caplog.text


def test_the_file_is_crlf_semicolon_and_utf8_with_a_bom(staff_client, coordination):
    MandateFactory(coordination=coordination, volunteer=UserFactory(first_name="Hélène"))
    response = staff_client.get(reverse("dashboard:export_coordinators"))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfCoordination;Type;")
    assert content.count(b"\r\n") == 2
    assert "Hélène".encode() in content


# --- 50,000 rows ------------------------------------------------------------------------------

LARGE = 50_000
EARLY_CHUNKS = 1 + 5_000 // ROWS_PER_WRITE


def test_a_large_export_streams_with_bounded_memory_and_parses_back(staff_client, tmp_path, capsys):
    """50,000 mandates: the response is consumed chunk by chunk while tracemalloc watches."""
    coordinations = bulk.coordinations(50, prefix="Pays")
    people = bulk.users(LARGE, "large", postal_code="4000")
    # A few names that a naive CSV writer would break.
    odd = {7: 'Dupont; "le grand"', 8: "Van der\nBeken", 9: "Ørsted-Lefèvre"}
    for index, name in odd.items():
        people[index].last_name = name
    User.objects.bulk_update([people[i] for i in odd], ["last_name"])
    start = datetime.date(2025, 1, 1)
    # A thousand coordinators per coordination at once: each in a place of its own, as the
    # database requires of overlapping lead mandates (coordinations migration 0006).
    Mandate.objects.bulk_create(
        [
            bulk.mandate(coordinations[n // 1000], person, start, lead_seat=n % 1000 + 1)
            for n, person in enumerate(people)
        ],
        batch_size=5000,
    )
    expected = [
        [
            coordinations[n // 1000].name,
            "Pays",
            "Coordinateur ou coordinatrice",
            "Actif",
            person.first_name,
            person.last_name,
            person.email,
            "",
            "4000",
            "01/01/2025",
            "01/01/2027",
            "",
            "",
        ]
        for n, person in enumerate(people)
    ]
    del people

    response = staff_client.get(reverse("dashboard:export_coordinators"))
    assert isinstance(response, StreamingHttpResponse) and response.streaming

    path = tmp_path / "export.csv"
    chunks = size = largest = early_peak = 0
    began = time.perf_counter()
    tracemalloc.start()
    with path.open("wb") as out:
        for chunk in response.streaming_content:
            chunks += 1
            size += len(chunk)
            largest = max(largest, len(chunk))
            out.write(chunk)
            if chunks == EARLY_CHUNKS:
                early_peak = tracemalloc.get_traced_memory()[1]
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    elapsed = time.perf_counter() - began

    # Header, then one piece per ROWS_PER_WRITE rows: never the whole file at once.
    assert chunks == 1 + LARGE // ROWS_PER_WRITE
    assert largest < size / 50
    # Memory is bounded: the peak reached after the first 5,000 rows (three database fetches
    # of 2,000) is the peak of the whole export; it does not grow with the rows.
    assert peak <= early_peak * 1.25, (early_peak, peak)
    # And it stays well below the file itself, which a response built in memory would hold
    # whole (besides every row read to build it).
    assert peak < size / 2, f"peak {peak} bytes for a file of {size} bytes"
    with capsys.disabled():
        print(
            f"\n50,000-row export: {size / 1e6:.1f} MB in {chunks} chunks, "
            f"peak {peak / 1e6:.2f} MB (after 5,000 rows: {early_peak / 1e6:.2f} MB), "
            f"{elapsed:.1f} s with tracemalloc on"
        )

    rows = parse(path.read_bytes())
    assert len(rows) == LARGE + 1
    assert rows[1:] == expected
