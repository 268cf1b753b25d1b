"""Fill a migrated PostgreSQL database with a reproducible data set, fast (COPY, no save()).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_national \\
        .venv/bin/python bench/generate.py --scale national --seed 1

Rows are built as model instances and written with PostgreSQL's COPY through psycopg 3: every
concrete field goes through ``field.pre_save`` and ``field.get_db_prep_save``, so each column gets
its Django default (auto_now_add dates, JSON lists, booleans). What save() would derive is set
here explicitly: a mandate's end date (start + commitment), a group's province and position (from
its Place), slugs. Identifiers are given explicitly, so foreign keys are known without reading
back; the sequences are reset at the end. Same seed, same rows (dates are relative to today).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A batch program, not a web request: its COPY of a million rows may take longer than the
# 15 s a page's statement is given (config/settings.py).
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402
from scales import SCALES  # noqa: E402

from accounts.models import User  # noqa: E402
from actions.models import (  # noqa: E402
    ActionProposal,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
)
from config.dates import add_months  # noqa: E402
from coordinations.models import Coordination, Mandate  # noqa: E402
from groups.models import LocalGroup, Membership, Place  # noqa: E402
from recruitment.models import Application, DeclineReason, Vacancy  # noqa: E402

STAFF = 5  # users 1..5 are the secretariat; volunteers are 6..N
COUNTRIES = ["MX", "CN", "RU", "IR", "SA", "BI", "CD", "RW", "CO", "PH", "TR", "EG", "BY", "MM"]
THEMES = ["Réfugiés", "Peine de mort", "Liberté d'expression", "Droits des femmes", "Torture"]
APPLICATION_STATUSES = (
    ["submitted"] * 7 + ["in_review"] * 4 + ["interview"] * 2 + ["accepted"] * 1
) + (["declined"] * 4 + ["withdrawn"] * 2)
REPORT_STATUSES = ["done", "done", "planned", "not_taken_up"]


def log(message: str) -> None:
    print(f"[generate {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


class Copier:
    """COPY model instances into their table, one row per instance, in the fields' order."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        # The wrapper itself, not the ``connection`` proxy (a thread-local look-up per access).
        self.connection = connections["default"]

    def row(self, obj) -> list:
        values, wrapper = [], self.connection
        for field in self.fields:
            value = field.pre_save(obj, add=True)
            if value is None:
                value = getattr(obj, field.attname)
            values.append(field.get_db_prep_save(value, wrapper))
        return values

    def copy(self, objects) -> int:
        started, count = time.monotonic(), 0
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            for obj in objects:
                copy.write_row(self.row(obj))
                count += 1
        log(f"{self.model._meta.db_table}: {count:,} rows in {time.monotonic() - started:.1f} s")
        return count


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
        return cursor.fetchone()[0] + 1


def reset_sequences(models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Generator:
    def __init__(self, scale: str, seed: int):
        self.scale = scale
        self.size = SCALES[scale]
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.places = list(
            Place.objects.order_by("pk").values_list(
                "pk", "postal_code", "province", "latitude", "longitude", "municipality_fr"
            )
        )
        if not self.places:
            raise SystemExit("No Place rows: migrate the database first (groups.0002 loads them).")
        self.decline_reasons = list(DeclineReason.objects.values_list("pk", flat=True))

    # People ------------------------------------------------------------------------------------

    def volunteer_id(self, n: int) -> int:
        """The n-th volunteer (any integer), never a staff user."""
        return self.first_user + STAFF + n % (self.size["volunteers"] - STAFF)

    def users(self):
        self.first_user = first = next_id(User)
        rng = random.Random(self.seed * 1000 + 1)
        places = self.places

        def rows():
            for n in range(self.size["volunteers"]):
                place = places[rng.randrange(len(places))]
                staff = n < STAFF
                yield User(
                    id=first + n,
                    email=f"{'staff' if staff else 'benevole'}{first + n}@bench.example.org",
                    first_name=f"Prénom{n}",
                    last_name=f"Nom{n}",
                    postal_code=place[1],
                    password="!",
                    is_staff=staff,
                    preferred_language="en" if n % 9 == 0 else "fr",
                    receives_digests=n % 5 != 0,
                )

        Copier(User).copy(rows())

    # Coordinations and mandates ----------------------------------------------------------------

    def coordinations(self):
        self.first_coordination = first = next_id(Coordination)
        kinds = ["country", "country", "region", "thematic"]

        def rows():
            for n in range(self.size["coordinations"]):
                kind = kinds[n % len(kinds)]
                yield Coordination(
                    id=first + n,
                    name=f"Coordination {n:05d}",
                    slug=f"coordination-{n:05d}",
                    kind=kind,
                    countries=[]
                    if kind == "thematic"
                    else COUNTRIES[
                        n % len(COUNTRIES) : n % len(COUNTRIES) + 1 + (kind == "region")
                    ],
                    theme=THEMES[n % len(THEMES)] if kind == "thematic" else "",
                    summary="Suivre la situation des droits humains et proposer des actions.",
                    description="Une coordination du portail de test.\n" * 5,
                    working_languages=["fr", "en"],
                    is_recruiting=self.is_vacant(n),
                    represents_on_platforms=n % 4 == 0,
                    secretariat_contact_id=self.first_user + n % STAFF,
                    is_active=n % 31 != 30,
                )

        Copier(Coordination).copy(rows())

    @staticmethod
    def is_vacant(n: int) -> bool:
        return n % 7 == 0

    def mandates(self):
        first = next_id(Mandate)
        today = self.today
        # Each mandate carries its volunteer's position, as Mandate.save() derives it.
        volunteers = {
            self.volunteer_id(n * 13 + k)
            for n in range(self.size["coordinations"])
            for k in (1, 5, 9)
        }
        positions = volunteer_positions(User.objects.filter(pk__in=volunteers))

        def at(volunteer_id: int) -> dict:
            latitude, longitude = positions.get(volunteer_id, (None, None))
            return {"volunteer_id": volunteer_id, "latitude": latitude, "longitude": longitude}

        def rows():
            pk = first
            for n in range(self.size["coordinations"]):
                coordination = self.first_coordination + n
                if not self.is_vacant(n):
                    start = today - datetime.timedelta(days=(n * 37) % 700)
                    yield Mandate(
                        id=pk,
                        coordination_id=coordination,
                        **at(self.volunteer_id(n * 13 + 1)),
                        role="lead",
                        start_date=start,
                        commitment_months=24,
                        end_date=add_months(start, 24),
                    )
                    pk += 1
                if n % 2 == 0:  # the previous coordinator
                    start = today - datetime.timedelta(days=800 + (n * 11) % 600)
                    end = add_months(start, 24)
                    yield Mandate(
                        id=pk,
                        coordination_id=coordination,
                        **at(self.volunteer_id(n * 13 + 5)),
                        role="lead",
                        start_date=start,
                        commitment_months=24,
                        end_date=end,
                        status="ended",
                        ended_on=min(end, today - datetime.timedelta(days=1)),
                        end_kind="completed",
                    )
                    pk += 1
                if n % 10 == 3:  # a team member
                    start = today - datetime.timedelta(days=(n * 5) % 300)
                    yield Mandate(
                        id=pk,
                        coordination_id=coordination,
                        **at(self.volunteer_id(n * 13 + 9)),
                        role="member",
                        start_date=start,
                        commitment_months=12,
                        end_date=add_months(start, 12),
                    )
                    pk += 1

        Copier(Mandate).copy(rows())

    # Groups ------------------------------------------------------------------------------------

    def groups(self):
        self.first_group = first = next_id(LocalGroup)
        rng = random.Random(self.seed * 1000 + 2)
        places = self.places

        def rows():
            for n in range(self.size["groups"]):
                pk, code, province, lat, lon, commune = places[rng.randrange(len(places))]
                yield LocalGroup(
                    id=first + n,
                    name=f"Groupe {n:06d} {commune}",
                    slug=f"groupe-{n:06d}",
                    place_id=pk,
                    province=province,
                    coordinates_from_place=True,
                    latitude=lat,
                    longitude=lon,
                    meeting_rhythm="Le deuxième mardi du mois, à 20 h",
                    description="Un groupe local du portail de test.",
                    themes="peine de mort, réfugiés",
                    countries=COUNTRIES[n % len(COUNTRIES) : n % len(COUNTRIES) + 2],
                    founded_in=1970 + n % 50,
                    is_active=n % 20 != 19,
                )

        Copier(LocalGroup).copy(rows())

    def memberships(self):
        first = next_id(Membership)
        per_group = 2 + self.size["members_per_group"]
        today = self.today

        def rows():
            pk = first
            for g in range(self.size["groups"]):
                for k in range(per_group):
                    role = "leader" if k == 0 else "treasurer" if k == 1 else "member"
                    yield Membership(
                        id=pk,
                        group_id=self.first_group + g,
                        volunteer_id=self.volunteer_id(g * per_group + k + 3),
                        role=role,
                        since=today - datetime.timedelta(days=(g * 17 + k * 101) % 3000),
                    )
                    pk += 1

        Copier(Membership).copy(rows())

    # Recruitment -------------------------------------------------------------------------------

    def vacancies(self):
        first = next_id(Vacancy)
        now = self.now
        self.vacancy_ids = []

        def rows():
            pk = first
            for n in range(self.size["coordinations"]):
                closed = n % 11 == 5
                if not (self.is_vacant(n) or closed):
                    continue
                self.vacancy_ids.append(pk)
                yield Vacancy(
                    id=pk,
                    kind="coordination",
                    coordination_id=self.first_coordination + n,
                    title=f"Coordinateur ou coordinatrice – Coordination {n:05d}",
                    slug=f"coordination-{n:05d}-{pk}",
                    summary="Animer la coordination et proposer des actions aux groupes.",
                    context="Contexte.\n" * 5,
                    responsibilities="Responsabilités.\n" * 5,
                    profile="Profil.\n" * 3,
                    minimum_commitment_months=24,
                    status="closed" if closed else "published",
                    published_at=now - datetime.timedelta(days=n % 120 + 1),
                    deadline=now + datetime.timedelta(days=n % 60 + 1) if n % 3 else None,
                    contact_person_id=self.first_user + n % STAFF,
                )
                pk += 1
            other = ["volunteer", "paid_job", "cooperation", "internship"]
            for n in range(max(4, self.size["coordinations"] // 10)):
                kind = other[n % len(other)]
                status = "draft" if n % 13 == 12 else "closed" if n % 5 == 4 else "published"
                if status != "draft":
                    self.vacancy_ids.append(pk)
                fields = {}
                if kind == "paid_job":
                    fields = {
                        "salary_min": 2800,
                        "salary_max": 3600,
                        "salary_period": "month",
                        "workload_unit": "percent",
                        "workload_value": 80,
                    }
                elif kind == "cooperation":
                    fields = {
                        "country": COUNTRIES[n % len(COUNTRIES)],
                        "city": "Ville",
                        "start_kind": "month",
                        "start_date": self.today + datetime.timedelta(days=60),
                        "duration_months": 12,
                        "allowance": "Logement et voyage.",
                    }
                yield Vacancy(
                    id=pk,
                    kind=kind,
                    title=f"Offre {n:05d}",
                    slug=f"offre-{n:05d}-{pk}",
                    summary="Une offre du portail de test.",
                    context="Contexte.\n" * 5,
                    status=status,
                    published_at=None
                    if status == "draft"
                    else now - datetime.timedelta(days=n % 200 + 1),
                    deadline=now + datetime.timedelta(days=n % 40 + 1) if n % 2 else None,
                    **fields,
                )
                pk += 1

        Copier(Vacancy).copy(rows())

    def applications(self):
        first = next_id(Application)
        total = self.size["applications"]
        vacancies = self.vacancy_ids
        per_vacancy = -(-total // len(vacancies))
        if per_vacancy > self.size["volunteers"] - STAFF:
            raise SystemExit("More applications per vacancy than volunteers.")
        now, today = self.now, self.today
        rng = random.Random(self.seed * 1000 + 3)

        def rows():
            pk = first
            for v, vacancy in enumerate(vacancies):
                for k in range(per_vacancy):
                    if pk - first >= total:
                        return
                    status = APPLICATION_STATUSES[rng.randrange(len(APPLICATION_STATUSES))]
                    submitted = now - datetime.timedelta(hours=(v * 7 + k * 13) % 8000)
                    yield Application(
                        id=pk,
                        vacancy_id=vacancy,
                        applicant_id=self.volunteer_id(v * 7919 + k),
                        status=status,
                        motivation="Je souhaite m'engager pour les droits humains. " * 4,
                        hours_per_week=4 + k % 10,
                        can_travel=k % 2 == 0,
                        commitment_confirmed=True,
                        consent_given_at=submitted,
                        privacy_version=settings.PRIVACY_VERSION,
                        decline_reason_id=self.decline_reasons[k % len(self.decline_reasons)]
                        if status == "declined"
                        else None,
                        start_date=today + datetime.timedelta(days=30)
                        if status == "accepted"
                        else None,
                        submitted_at=submitted,
                    )
                    pk += 1

        if "declined" in APPLICATION_STATUSES and not self.decline_reasons:
            raise SystemExit("No DeclineReason rows: migrate first.")
        Copier(Application).copy(rows())

    # Actions -----------------------------------------------------------------------------------

    def circulars(self):
        first = next_id(Circular)
        kinds = list(Circular.Kind.values)
        today = self.today
        self.circular_dates = []  # (id, received_on) of each circular

        def rows():
            for n in range(self.size["circulars"]):
                issued = today - datetime.timedelta(days=(n * 3) % 1800 + 2)
                received = issued + datetime.timedelta(days=1)
                closed = n % 5 == 4
                self.circular_dates.append((first + n, received))
                yield Circular(
                    id=first + n,
                    reference=f"BENCH {n:07d}",
                    index_number=f"AMR {n % 99:02d}/{n:05d}/2026",
                    title=f"Action urgente {n}",
                    kind=kinds[n % len(kinds)],
                    countries=[COUNTRIES[n % len(COUNTRIES)]],
                    issued_on=issued,
                    received_on=received,
                    action_deadline=issued + datetime.timedelta(days=40) if n % 2 else None,
                    summary="Résumé de la circulaire.\n" * 3,
                    priority="urgent" if n % 10 == 0 else "normal",
                    outcome="released" if closed else "",
                    closed_on=received + datetime.timedelta(days=60) if closed else None,
                    registered_by_id=self.first_user + n % STAFF,
                )

        Copier(Circular).copy(rows())

    def assignments(self):
        first = next_id(CircularAssignment)
        coordinations = self.size["coordinations"]
        self.assigned = []  # (circular id, coordination id, received_on)

        def rows():
            pk = first
            for n, (circular, received) in enumerate(self.circular_dates):
                targets = [n % coordinations]
                if n % 3 == 0 and coordinations > 1:
                    targets.append((n % coordinations + 1 + n % 5) % coordinations)
                for t in dict.fromkeys(targets):
                    coordination = self.first_coordination + t
                    self.assigned.append((circular, coordination, received))
                    old = (self.today - received).days > 10
                    yield CircularAssignment(
                        id=pk,
                        circular_id=circular,
                        coordination_id=coordination,
                        relay_due_on=received + datetime.timedelta(days=7),
                        assigned_by_id=self.first_user + n % STAFF,
                        acknowledged_at=self.now
                        - datetime.timedelta(days=(self.today - received).days - 2)
                        if old and n % 4
                        else None,
                    )
                    pk += 1

        Copier(CircularAssignment).copy(rows())

    def proposals(self):
        first = next_id(ActionProposal)
        self.proposal_rows = []  # (id, published_at)
        now, today = self.now, self.today

        def rows():
            pk = first
            for n, (circular, coordination, received) in enumerate(self.assigned):
                if n % 2:  # half of the assignments are relayed
                    continue
                starts = received + datetime.timedelta(days=3)
                ends = starts + datetime.timedelta(days=30)
                published = now - datetime.timedelta(days=(today - starts).days)
                status = "closed" if (today - ends).days > 120 else "published"
                self.proposal_rows.append((pk, published))
                yield ActionProposal(
                    id=pk,
                    coordination_id=coordination,
                    circular_id=circular,
                    title=f"Proposition {n}",
                    request="Écrire aux autorités et récolter des signatures.",
                    starts_on=starts,
                    ends_on=ends,
                    follow_up_due_on=ends + datetime.timedelta(days=14),
                    status=status,
                    published_at=published,
                    closed_at=published + datetime.timedelta(days=150)
                    if status == "closed"
                    else None,
                )
                pk += 1

        Copier(ActionProposal).copy(rows())

    def recipients_and_reports(self):
        groups = self.size["groups"]
        proposals = self.proposal_rows
        per_proposal = min(groups, -(-self.size["reports"] // max(1, len(proposals))))
        recipients = min(groups, per_proposal + max(2, per_proposal // 2))
        first_recipient, first_report = next_id(ProposalRecipient), next_id(FollowUpReport)
        total = self.size["reports"]

        def recipient_rows():
            pk = first_recipient
            for p, (proposal, _published) in enumerate(proposals):
                for k in range(recipients):
                    yield ProposalRecipient(
                        id=pk,
                        proposal_id=proposal,
                        group_id=self.first_group + (p * 31 + k) % groups,
                    )
                    pk += 1

        def report_rows():
            pk = first_report
            for p, (proposal, published) in enumerate(proposals):
                for k in range(per_proposal):
                    if pk - first_report >= total:
                        return
                    yield FollowUpReport(
                        id=pk,
                        proposal_id=proposal,
                        group_id=self.first_group + (p * 31 + k) % groups,
                        status=REPORT_STATUSES[(p + k) % len(REPORT_STATUSES)],
                        letters_sent=(p + k) % 40,
                        signatures_collected=(p * k) % 300,
                        people_reached=(p + 3 * k) % 500,
                        events_held=k % 3,
                        comment="Action menée lors de la réunion mensuelle." if k % 3 else "",
                        reported_at=published + datetime.timedelta(days=5 + k % 20),
                    )
                    pk += 1

        Copier(ProposalRecipient).copy(recipient_rows())
        Copier(FollowUpReport).copy(report_rows())

    # All ---------------------------------------------------------------------------------------

    def run(self) -> None:
        started = time.monotonic()
        log(f"scale {self.scale} (seed {self.seed}): {self.size}")
        for step in (
            self.users,
            self.coordinations,
            self.mandates,
            self.groups,
            self.memberships,
            self.vacancies,
            self.applications,
            self.circulars,
            self.assignments,
            self.proposals,
            self.recipients_and_reports,
        ):
            step()
        models = [
            User,
            Coordination,
            Mandate,
            LocalGroup,
            Membership,
            Vacancy,
            Application,
            Circular,
            CircularAssignment,
            ActionProposal,
            ProposalRecipient,
            FollowUpReport,
        ]
        reset_sequences(models)
        analysed = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(f"ANALYZE in {time.monotonic() - analysed:.1f} s")
        log(f"done in {time.monotonic() - started:.1f} s")


def volunteer_positions(volunteers) -> dict[int, tuple[float | None, float | None]]:
    """Each volunteer's pk with the position of their postal code: the first place of the code
    by pk, as Mandate.save() chooses it; (None, None) when the code is empty or unknown."""
    places = {}
    for code, latitude, longitude in Place.objects.order_by("pk").values_list(
        "postal_code", "latitude", "longitude"
    ):
        places.setdefault(code, (latitude, longitude))
    return {
        pk: places.get(code, (None, None))
        for pk, code in volunteers.values_list("pk", "postal_code").iterator()
    }


def sweep_mandates(count: int, seed: int = 1) -> int:
    """Add ``count`` active lead mandates, ending on every day of the next 24 months (the sweep's
    dedicated set). Callers wrap this in a transaction they roll back."""
    rng = random.Random(seed * 1000 + 9)
    today = timezone.localdate()
    volunteers = User.objects.filter(is_staff=False)[:50_000]
    positions = volunteer_positions(volunteers)
    users = list(positions)
    coordinations = list(Coordination.objects.values_list("pk", flat=True))
    first = next_id(Mandate)
    # After the seats already taken, by the data set and by an earlier call in this transaction.
    first_seat = (Mandate.objects.aggregate(top=Max("lead_seat"))["top"] or 1) + 1

    def rows():
        for n in range(count):
            start = today - datetime.timedelta(days=rng.randrange(730))
            volunteer_id = users[n % len(users)]
            latitude, longitude = positions[volunteer_id]
            yield Mandate(
                id=first + n,
                coordination_id=coordinations[n % len(coordinations)],
                volunteer_id=volunteer_id,
                latitude=latitude,
                longitude=longitude,
                role="lead",
                # Many leads per coordination at once: each in its own place, as the database
                # requires of overlapping lead mandates (coordinations migration 0006).
                lead_seat=first_seat + n // len(coordinations),
                start_date=start,
                commitment_months=24,
                end_date=add_months(start, 24),
            )

    copied = Copier(Mandate).copy(rows())
    reset_sequences([Mandate])
    return copied


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        raise SystemExit("bench/generate.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    Generator(args.scale, args.seed).run()


if __name__ == "__main__":
    main()
