import datetime
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import gdpr
from accounts.permissions import can, get_for_user_or_404, is_staff_member, staff_required
from accounts.security import security_event
from config import ratelimit, versions
from config.pagecache import choice, country_code, flag, page_number, public_page, text
from config.redirects import posted_next
from config.templatefilters import date as date_filter
from coordinations.models import WORKING_LANGUAGES, Coordination
from recruitment import notifications, pipeline, selectors, services
from recruitment.forms import (
    AcceptForm,
    ApplicationForm,
    BoardFilterForm,
    DeclineForm,
    DeclineRemainingForm,
    InterestForm,
    InterviewForm,
    MoveForm,
    NoteForm,
    RescheduleForm,
    WithdrawForm,
)
from recruitment.jsonld import job_posting, script_json
from recruitment.models import Application, InterestRegistration, Interview, Vacancy

BOARD_PAGE_SIZE = 20
PIPELINE_PAGE_SIZE = 50
CV_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def _error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


# The public board ----------------------------------------------------------------------------


@require_GET
@public_page(
    params={
        "q": text,
        "kind": choice(Vacancy.Kind.values),
        "country": country_code,
        "language": choice(code for code, _name in WORKING_LANGUAGES),
        "closing_soon": flag,
        "page": page_number,
    }
)
def vacancy_list(request):
    """The board: open vacancies, with filters, a search box and pages."""
    form = BoardFilterForm(request.GET or None, country_codes=selectors.board_countries())
    filters = form.filters() if request.GET else {}
    vacancies = selectors.board_vacancies(**filters)
    page = Paginator(vacancies, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/vacancy_list.html",
        {
            "form": form,
            "page_obj": page,
            "vacancies": page.object_list,
            "filtered": any(filters.values()),
        },
    )


@require_GET
@public_page(params={})
def vacancy_detail(request, slug):
    """One vacancy: its sections, a side panel of facts, and how to apply."""
    try:
        vacancy = selectors.vacancy_for_page(slug).get()
    except Vacancy.DoesNotExist:
        raise Http404 from None
    if vacancy.status == Vacancy.Status.DRAFT and not can(
        request.user, "recruitment.preview_vacancy", vacancy
    ):
        raise Http404
    own_application = None
    if request.user.is_authenticated:
        own_application = vacancy.applications.filter(applicant=request.user).first()
    context = {
        "vacancy": vacancy,
        "days_left": vacancy.days_left(),
        "own_application": own_application,
        "apply_url": reverse("recruitment:vacancy_apply", kwargs={"slug": vacancy.slug}),
    }
    if vacancy.kind == Vacancy.Kind.PAID_JOB and vacancy.status != Vacancy.Status.DRAFT:
        context["json_ld"] = script_json(job_posting(vacancy))
    return render(request, "recruitment/vacancy_detail.html", context)


class VacancyFeed(Feed):
    """Atom feed of the vacancies newly published and still open."""

    feed_type = Atom1Feed
    title = gettext_lazy("Vacancies")
    subtitle = gettext_lazy("Newly published vacancies: coordinations, volunteer roles and jobs.")

    def link(self):
        return reverse("recruitment:vacancy_list")

    def feed_url(self):
        return reverse("recruitment:vacancy_feed")

    def items(self):
        return Vacancy.objects.open().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher_name

    def item_categories(self, item):
        return [item.get_kind_display()]


vacancy_feed = require_GET(VacancyFeed())


# Applying ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_apply(request, slug):
    """The application form; closed vacancies and "apply elsewhere" ones say why instead."""
    try:
        vacancy = selectors.vacancy_for_page(slug).exclude(status=Vacancy.Status.DRAFT).get()
    except Vacancy.DoesNotExist:
        raise Http404 from None
    refusal = services.application_refusal(vacancy, request.user)
    context = {"vacancy": vacancy, "refusal": refusal}
    if refusal:
        own = vacancy.applications.filter(applicant=request.user).first()
        return render(request, "recruitment/apply.html", {**context, "own_application": own})
    posted = request.method == "POST"
    form = ApplicationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        vacancy=vacancy,
        request=request,
    )
    if posted and ratelimit.limited(request, "application"):
        form.add_error(None, ratelimit.MESSAGE)
        return render(request, "recruitment/apply.html", {**context, "form": form}, status=429)
    if posted and form.is_valid():
        try:
            application = services.application_submit(
                vacancy=vacancy, applicant=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            ratelimit.count(request, "application")
            messages.success(
                request, _("Thank you: your application has been sent. We will get back to you.")
            )
            return redirect(application)
    return render(request, "recruitment/apply.html", {**context, "form": form})


@login_required
@require_GET
def application_detail(request, pk):
    """An applicant's own application: what they sent and its history (no internal notes)."""
    application = get_for_user_or_404(
        request.user,
        "recruitment.view_application",
        selectors.applicant_application(),
        pk=pk,
    )
    if application.applicant_id != request.user.pk:
        # Staff read applications in the pipeline, where the internal notes are.
        return redirect("recruitment:pipeline_application", pk=application.pk)
    return render(
        request,
        "recruitment/application_detail.html",
        {"application": application, "reply_to": notifications.interview_reply_to()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    """Withdraw one's own application, after a confirmation step."""
    application = get_for_user_or_404(
        request.user,
        "recruitment.withdraw_application",
        Application.objects.select_related("vacancy"),
        pk=pk,
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline.application_withdraw(
                application=application, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
            return redirect(application)
        messages.success(request, _("Your application has been withdrawn."))
        return redirect("accounts:me")
    return render(
        request,
        "recruitment/application_withdraw.html",
        {"application": application, "form": form},
    )


@login_required
@require_GET
def application_cv(request, pk):
    """The CV, for its applicant and for staff only, as a download (never shown inline)."""
    application = get_for_user_or_404(
        request.user,
        "recruitment.download_cv",
        Application.objects.select_related("vacancy"),
        pk=pk,
    )
    if not application.cv:
        raise Http404
    try:
        handle = application.cv.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = os.path.splitext(application.cv.name)[1].lower()
    if is_staff_member(request.user) and application.applicant_id != request.user.pk:
        security_event(
            "cv_download", request, application=application.pk, vacancy=application.vacancy_id
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.cv_name or f"cv{extension}",
        content_type=CV_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The pool of interested people ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interest_register(request):
    """Ask to be told when a vacancy opens for a coordination, a country or a theme."""
    initial = {}
    coordination_slug = request.GET.get("coordination", "")
    # Only a slug is looked up: PostgreSQL refuses a NUL byte in a query with a server error.
    if slug_re.fullmatch(coordination_slug) and (
        Coordination.objects.filter(slug=coordination_slug).exists()
    ):
        initial = {
            "kind": InterestRegistration.Kind.COORDINATION,
            "coordination": coordination_slug,
        }
    form = InterestForm(
        request.POST if request.method == "POST" else None, initial=initial, request=request
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interest_register(
                person=request.user,
                kind=data["kind"],
                consent=data["consent"],
                coordination=data.get("coordination"),
                country=data.get("country") or "",
                theme=data.get("theme") or "",
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Noted: we will write to you when such a vacancy opens."))
            return redirect("accounts:me")
    return render(request, "recruitment/interest_form.html", {"form": form})


@login_required
@require_POST
def interest_stop(request, pk):
    """Withdraw the consent to be told about vacancies for one subject, in one click (from My
    space, or from the consents page, which sends ``next``)."""
    registration = get_for_user_or_404(
        request.user, "recruitment.manage_interest", InterestRegistration.objects.all(), pk=pk
    )
    gdpr.interest_consent_withdraw(registration=registration)
    messages.success(request, _("We will no longer write to you about this."))
    return redirect(posted_next(request, default=reverse("accounts:me")))


# The staff pipeline --------------------------------------------------------------------------


@staff_required
@require_GET
def pipeline_index(request):
    """Every vacancy with its applications counted by stage."""
    page = Paginator(selectors.vacancies_with_pipeline_counts(), PIPELINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recruitment/pipeline/index.html",
        {"page_obj": page, "vacancies": page.object_list, "statuses": Application.Status.choices},
    )


def _pipeline_vacancy(slug):
    try:
        return Vacancy.objects.select_related("coordination").get(slug=slug)
    except Vacancy.DoesNotExist:
        raise Http404 from None


# The board of a vacancy is the same for every staff member (staff_required lets them all in,
# and nothing on it depends on who looks): it is kept per vacancy, pages asked and language,
# against the versions of what it reads (config/versions.py), so that any change shows at once.
BOARD_AREAS = ("recruitment", "accounts")  # the vacancy, applications, notes, reasons; names
COLUMN_SIZE = 25  # cards per column and page; every column's count is exact whatever its page


def _column_pages(query) -> dict[str, int]:
    """The page asked of each column beyond its first (``?submitted=2``). Anything else in the
    address is left out: it makes neither another board nor another kept copy."""
    pages = {}
    for status in Application.Status.values:
        number = page_number(query.get(status, ""))
        if number:
            pages[status] = int(number)
    return pages


def _board_address(base: str, pages: dict[str, int], status: str) -> str:
    """The board with ``pages``, at the column of ``status``."""
    query = urlencode(
        [(code, pages[code]) for code in Application.Status.values if pages.get(code, 1) > 1]
    )
    return f"{base}?{query}#column-{status}" if query else f"{base}#column-{status}"


def _card(row: dict, address: str, dates: dict) -> dict[str, str]:
    """What a card shows: the applicant, and a line of the date, rating, notes and reason."""
    day = timezone.localtime(row["submitted_at"]).date()
    if day not in dates:
        dates[day] = date_filter(day, "SHORT_DATE_FORMAT")
    detail = [dates[day]]
    if row["average_rating"]:
        detail.append(f"★ {floatformat(row['average_rating'], 1)}")
    if row["note_count"]:
        detail.append(
            ngettext("%(counter)s note", "%(counter)s notes", row["note_count"])
            % {"counter": row["note_count"]}
        )
    if row["decline_reason__name"]:  # the reason's label (config/translation.py)
        english = (get_language() or "fr").startswith("en") and row["decline_reason__name_en"]
        detail.append(english or row["decline_reason__name"])
    # The name as User.get_full_name() writes it, else the address.
    name = f"{row['applicant__first_name']} {row['applicant__last_name']}".strip()
    return {
        "url": address.replace("/0/", f"/{row['pk']}/"),
        "name": name or row["applicant__email"],
        "detail": " · ".join(detail),
    }


def _board(request, slug: str, pages: dict[str, int]) -> tuple[str, str]:
    """The title and the HTML of a vacancy's board, from the database, in two queries whatever
    the number of applications (404 when there is no such vacancy)."""
    vacancy = selectors.pipeline_vacancy(slug).first()
    if vacancy is None:
        raise Http404
    counts = {status: getattr(vacancy, f"count_{status}") for status in Application.Status.values}
    lasts = {status: max(1, -(-count // COLUMN_SIZE)) for status, count in counts.items()}
    # A page past a column's last shows its last.
    shown = {status: min(pages.get(status, 1), last) for status, last in lasts.items()}
    cards: dict[str, list] = {status: [] for status in Application.Status.values}
    address = reverse("recruitment:pipeline_application", args=[0])
    asked = {status: page for status, page in shown.items() if page > 1}
    dates: dict = {}
    for row in selectors.pipeline_columns(vacancy.pk, asked, COLUMN_SIZE):
        cards[row["status"]].append(_card(row, address, dates))
    base = reverse("recruitment:pipeline_vacancy", args=[vacancy.slug])
    columns = []
    for status, label in Application.Status.choices:
        page, last = shown[status], lasts[status]
        columns.append(
            {
                "status": status,
                "label": label,
                "count": counts[status],
                "cards": cards[status],
                "page": page,
                "pages": last,
                "previous": _board_address(base, {**shown, status: page - 1}, status)
                if page > 1
                else "",
                "next": _board_address(base, {**shown, status: page + 1}, status)
                if page < last
                else "",
            }
        )
    remaining = sum(counts[status] for status in Application.OPEN_STATUSES)
    html = render_to_string(
        "recruitment/pipeline/board.html",
        {
            "vacancy": vacancy,
            "columns": columns,
            "remaining": remaining,
            "csrf_token": get_token(request),
        },
    )
    return vacancy.title, html


@staff_required
@require_GET
def pipeline_vacancy(request, slug):
    """One vacancy's applications in a column per stage, each with its exact count and a page
    of its cards (``?<status>=<page>``); kept for every staff member alike (see BOARD_AREAS)."""
    pages = _column_pages(request.GET)
    key = versions.fragment_key(
        "pipeline-board",
        BOARD_AREAS,
        slug,
        ",".join(f"{status}={page}" for status, page in pages.items()),
    )
    kept = cache.get(key) if versions.enabled() else None
    if kept is None:
        kept = _board(request, slug, pages)
        if versions.enabled():
            cache.set(key, kept, versions.seconds())
    title, html = kept
    return render(
        request,
        "recruitment/pipeline/vacancy.html",
        {"title": title, "board": mark_safe(versions.with_csrf(request, html))},
    )


def _ids(form_name: str) -> str:
    """The ``auto_id`` of one of the page's forms: several have a "note" or a "notify" field,
    and each label must point to its own form's field (``id_accept_note``, ``id_move_note``)."""
    return f"id_{form_name.removesuffix('_form')}_%s"


def _render_application(request, application, status=200, **forms):
    application = selectors.pipeline_application(application.pk).get()
    context = {
        "application": application,
        "move_form": MoveForm(application=application, auto_id=_ids("move_form")),
        "note_form": NoteForm(auto_id=_ids("note_form")),
        "interview_form": InterviewForm(auto_id=_ids("interview_form")),
        "decline_form": DeclineForm(auto_id=_ids("decline_form")),
        "accept_form": AcceptForm(auto_id=_ids("accept_form")),
        "can_move": bool(pipeline.staff_moves(application.status)),
        "can_review": Application.Status.IN_REVIEW in pipeline.staff_moves(application.status),
        "can_interview": application.status
        in (Application.Status.IN_REVIEW, Application.Status.INTERVIEW),
        "can_accept": Application.Status.ACCEPTED in pipeline.staff_moves(application.status),
        "can_decline": Application.Status.DECLINED in pipeline.staff_moves(application.status),
        **forms,
    }
    return render(request, "recruitment/pipeline/application.html", context, status=status)


def _staff_application(request, pk):
    return get_for_user_or_404(
        request.user,
        "recruitment.manage_application",
        Application.objects.select_related("vacancy", "applicant"),
        pk=pk,
    )


@staff_required
@require_GET
def pipeline_application(request, pk):
    """An application as staff see it: answers, CV, history, notes, interviews and the moves."""
    return _render_application(request, _staff_application(request, pk))


def _pipeline_action(request, pk, form_class, form_name, action, success):
    """Shared shape of the pipeline's verbs: validate the form, call the service, report."""
    application = _staff_application(request, pk)
    kwargs = {"application": application} if form_class is MoveForm else {}
    form = form_class(request.POST, auto_id=_ids(form_name), **kwargs)
    if form.is_valid():
        try:
            action(application, form.cleaned_data)
        except ValidationError as error:
            # Shown at the top of the page: the form's own section may be hidden by now
            # (another member of staff moved the application meanwhile).
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, success)
            return redirect("recruitment:pipeline_application", pk=application.pk)
    return _render_application(request, application, **{form_name: form})


@staff_required
@require_POST
def pipeline_move(request, pk):
    return _pipeline_action(
        request,
        pk,
        MoveForm,
        "move_form",
        lambda application, data: pipeline.application_move(
            application=application,
            to_status=data["to_status"],
            actor=request.user,
            note=data["note"],
            message=data["message"],
            notify=data["notify"],
        ),
        _("The application has moved."),
    )


@staff_required
@require_POST
def pipeline_note(request, pk):
    return _pipeline_action(
        request,
        pk,
        NoteForm,
        "note_form",
        lambda application, data: pipeline.application_note_add(
            application=application, author=request.user, body=data["body"], rating=data["rating"]
        ),
        _("Your note has been added."),
    )


@staff_required
@require_POST
def pipeline_interview(request, pk):
    return _pipeline_action(
        request,
        pk,
        InterviewForm,
        "interview_form",
        lambda application, data: pipeline.interview_schedule(
            application=application,
            actor=request.user,
            starts_at=data["starts_at"],
            ends_at=data["starts_at"] + datetime.timedelta(minutes=data["duration"]),
            interviewers=data["interviewers"],
            place=data["place"],
            video_url=data["video_url"],
            note=data["note"],
        ),
        _("The interview is scheduled and the invitation sent."),
    )


def _staff_interview(request, pk) -> Interview:
    interview = (
        Interview.objects.select_related("application__vacancy", "application__applicant")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        raise Http404
    # The interview belongs to an application: whoever manages it manages its interviews.
    get_for_user_or_404(
        request.user,
        "recruitment.manage_application",
        Application.objects.all(),
        pk=interview.application_id,
    )
    return interview


@staff_required
@require_http_methods(["GET", "POST"])
def pipeline_interview_reschedule(request, pk):
    """Move an interview; the candidate receives the updated invitation."""
    interview = _staff_interview(request, pk)
    form = RescheduleForm(request.POST if request.method == "POST" else None, interview=interview)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pipeline.interview_reschedule(
                interview=interview,
                actor=request.user,
                starts_at=data["starts_at"],
                ends_at=data["starts_at"] + datetime.timedelta(minutes=data["duration"]),
                interviewers=data["interviewers"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The interview has moved and the candidate is told."))
            return redirect("recruitment:pipeline_application", pk=interview.application_id)
    return render(
        request,
        "recruitment/pipeline/interview_reschedule.html",
        {"interview": interview, "application": interview.application, "form": form},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def pipeline_interview_cancel(request, pk):
    """Cancel an interview, after a confirmation step; the candidate receives the cancellation."""
    interview = _staff_interview(request, pk)
    if request.method == "POST":
        try:
            pipeline.interview_cancel(interview=interview, actor=request.user)
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("The interview is cancelled and the candidate is told."))
        return redirect("recruitment:pipeline_application", pk=interview.application_id)
    return render(
        request,
        "recruitment/pipeline/interview_cancel.html",
        {"interview": interview, "application": interview.application},
    )


@staff_required
@require_POST
def pipeline_decline(request, pk):
    return _pipeline_action(
        request,
        pk,
        DeclineForm,
        "decline_form",
        lambda application, data: pipeline.application_decline(
            application=application,
            actor=request.user,
            reason=data["reason"],
            note=data["note"],
            personal_message=data["personal_message"],
            notify=data["notify"],
        ),
        _("The application has been declined."),
    )


@staff_required
@require_POST
def pipeline_accept(request, pk):
    return _pipeline_action(
        request,
        pk,
        AcceptForm,
        "accept_form",
        lambda application, data: pipeline.application_accept(
            application=application,
            actor=request.user,
            start_date=data["start_date"],
            note=data["note"],
            message=data["message"],
            notify=data["notify"],
        ),
        _("The candidate has been accepted."),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def pipeline_decline_remaining(request, slug):
    """Decline every application still open on a vacancy, after a confirmation step."""
    vacancy = _pipeline_vacancy(slug)
    remaining = list(
        vacancy.applications.in_progress().select_related("applicant").order_by("submitted_at")
    )
    form = DeclineRemainingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = pipeline.applications_decline_remaining(
            vacancy=vacancy,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            ngettext(
                "%(count)d application declined; the applicant receives a message.",
                "%(count)d applications declined; each applicant receives a message.",
                count,
            )
            % {"count": count},
        )
        return redirect("recruitment:pipeline_vacancy", slug=vacancy.slug)
    return render(
        request,
        "recruitment/pipeline/decline_remaining.html",
        {"vacancy": vacancy, "remaining": remaining, "form": form},
    )


@staff_required
@require_POST
def pipeline_publish(request, slug):
    vacancy = _pipeline_vacancy(slug)
    try:
        services.vacancy_publish(vacancy=vacancy)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The vacancy is published."))
    return redirect("recruitment:pipeline_vacancy", slug=vacancy.slug)


@staff_required
@require_POST
def pipeline_close(request, slug):
    vacancy = _pipeline_vacancy(slug)
    try:
        services.vacancy_close(vacancy=vacancy)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The vacancy is closed: it takes no more applications."))
    return redirect("recruitment:pipeline_vacancy", slug=vacancy.slug)
