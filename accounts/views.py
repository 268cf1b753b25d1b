import os
import tempfile

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import gdpr, myspace
from accounts.forms import ErasureForm, ProfileForm
from accounts.models import User
from accounts.myspace import sections_for
from accounts.security import security_event
from config import ratelimit
from messaging.unsubscribe import NEWS, read_unsubscribe_token


@login_required
@require_safe
def me(request):
    """My space: what needs the person now, then a short summary of each section; the long
    sections have pages of their own (``me_page``), the profile too (``me_profile``)."""
    sections = sections_for(request)
    return render(
        request, "accounts/me.html", {"sections": sections, "needs": myspace.needs_in(sections)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_profile(request):
    """The person's own profile."""
    digests_before = request.user.receives_digests
    news_before = request.user.receives_news
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["receives_digests"] != digests_before:
            gdpr.digests_set(user=request.user, on=form.cleaned_data["receives_digests"])
        if form.cleaned_data["receives_news"] != news_before:
            gdpr.news_set(user=request.user, on=form.cleaned_data["receives_news"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:me_profile")
    return render(request, "accounts/me_profile.html", {"form": form})


@login_required
@require_safe
def me_page(request, page):
    """One long section of My space on a page of its own (its forms come back here); 404 for a
    person it does not apply to."""
    sections = sections_for(request, page)
    if not sections:
        raise Http404
    return render(
        request,
        "accounts/me_page.html",
        {"sections": sections, "title": myspace.page_title(page), "page": page},
    )


# No CSRF token and no log-in: the signed token in the address is the credential, and the
# one-click POST of RFC 8058 comes from the reader's mail program, which has neither. Stopping
# messages is all it can do, and doing it twice changes nothing.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop the summaries or the section's news from the link in one of them: the link opens a
    page with a button (GET changes nothing); a POST, the button's or the mail program's
    one-click (``List-Unsubscribe-Post``), records the withdrawal."""
    try:
        user_id, purpose = read_unsubscribe_token(token)
        person = User.objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, User.DoesNotExist):
        raise Http404 from None
    context = {"person": person, "purpose": purpose}
    if request.method == "POST":
        if purpose == NEWS:
            gdpr.news_set(user=person, on=False)
        elif person.receives_digests:
            gdpr.digests_set(user=person, on=False)
        security_event("unsubscribe", request, user=person, purpose=purpose)
        return render(request, "accounts/unsubscribed.html", context)
    return render(request, "accounts/unsubscribe.html", context)


# Personal data -------------------------------------------------------------------------------

ZIP_IN_MEMORY_UP_TO = 5 * 1024 * 1024


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """What we hold about the person; a POST downloads all of it as a zip."""
    if request.method == "POST":
        # On disk past a few megabytes (CVs), streamed from there; FileResponse closes (and so
        # deletes) it once sent.
        spool = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_UP_TO)  # noqa: SIM115
        archive = gdpr.personal_data_zip(request.user, spool)
        archive.seek(0, os.SEEK_END)
        security_event("personal_data.export", request, size=archive.tell())
        archive.seek(0)
        response = FileResponse(
            archive,
            as_attachment=True,
            filename=f"personal-data-{timezone.localdate():%Y-%m-%d}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(request, "accounts/my_data.html", {"held": gdpr.held_summary(request.user)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    """Erase my account and my personal data, after confirmation."""
    if request.method == "POST" and ratelimit.limited(request, "account_erase"):
        # Refused before the password is even looked at: too many failures guess nothing more.
        messages.error(request, ratelimit.MESSAGE)
        form = ErasureForm(user=request.user)
        return render(request, "accounts/erase.html", {"form": form}, status=429)
    form = ErasureForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            security_event("account.erase", request, user=user)
            gdpr.user_erase(user=user)
            logout(request)
            messages.success(request, _("Your account and your personal data have been erased."))
            return redirect("home")
        ratelimit.count(request, "account_erase")
    return render(request, "accounts/erase.html", {"form": form})


# Consents ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def consents(request):
    """Every consent the person gave, with its date and version, and how to withdraw it."""
    context = {**gdpr.consents_of(request.user), "retention_months": gdpr.retention_months()}
    return render(request, "accounts/consents.html", context)


@login_required
@require_POST
def consent_digests(request):
    """Give or withdraw the consent to the summaries, in one click."""
    on = request.POST.get("action") == "give"
    gdpr.digests_set(user=request.user, on=on)
    if on:
        messages.success(request, _("You will receive the summaries."))
    else:
        messages.success(request, _("You will no longer receive the summaries."))
    return redirect("accounts:consents")


@login_required
@require_POST
def consent_news(request):
    """Give or withdraw the consent to the section's news, in one click."""
    on = request.POST.get("action") == "give"
    gdpr.news_set(user=request.user, on=on)
    if on:
        messages.success(request, _("You will receive the section's news."))
    else:
        messages.success(request, _("You will no longer receive the section's news."))
    return redirect("accounts:consents")
