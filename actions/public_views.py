"""The public action page (no log-in) and its switch on the proposal page (actions/public.py
says what is public and how participations are counted).

The page is served from the public-page cache (config/pagecache.py): a link shared on social
media brings many visitors at once. The count stays live because every participation, and every
change to the proposal, its circular or its targets, makes the cached pages stale
(``pagecache.EXTRA_MODELS``); the person who has just acted comes back with a flash message,
which is never served from the cache.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import get_for_user_or_404
from actions import public
from actions.models import ActionProposal
from actions.public_forms import ParticipationForm, PublicSwitchForm
from config import ratelimit
from config.honeypot import log_honeypot
from config.pagecache import public_page

# Open Graph names a locale with its country: the section's French is Belgian.
OG_LOCALES = {"fr": "fr_BE", "en": "en_GB"}
RATE_SCOPE = "public_action"


def _found(slug: str) -> ActionProposal:
    proposal = public.public_action(slug)
    if proposal is None:
        raise Http404
    return proposal


def _share_meta(proposal: ActionProposal) -> dict:
    language = translation.get_language() or settings.LANGUAGE_CODE
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = settings.SITE_URL + proposal.get_public_url()
    description = proposal.request
    if proposal.circular_id:
        description = proposal.circular.summary
    return {
        "og_url": urls.get(language, urls[settings.LANGUAGE_CODE]),
        "og_locale": OG_LOCALES.get(language, "fr_BE"),
        "og_locale_alternates": [OG_LOCALES[c] for c in urls if c != language and c in OG_LOCALES],
        "alternate_urls": urls,
        "og_description": " ".join(description.split())[:300],
    }


def _page(request, proposal, *, form=None, status=200):
    return render(
        request,
        "actions/public_action.html",
        {
            "proposal": proposal,
            "circular": proposal.circular,
            "targets": list(public.public_targets(proposal)),
            "count": proposal.participant_count,
            "form": form or ParticipationForm(),
            "is_open": proposal.is_open,
            **_share_meta(proposal),
        },
        status=status,
    )


@require_safe
@public_page(params={})
def public_action(request, slug):
    """The case, the action, the targets, the "I have acted" form and the count."""
    return _page(request, _found(slug))


@require_POST
def public_action_participate(request, slug):
    """Somebody says they have acted: counted once per address, or once per browser."""
    proposal = _found(slug)
    form = ParticipationForm(request.POST, request=request)
    if ratelimit.limited(request, RATE_SCOPE):
        form.is_valid()
        form.add_error(None, ratelimit.MESSAGE)
        return _page(request, proposal, form=form, status=429)
    page = redirect(proposal.get_public_url() + "#count")
    thanks = _("Thank you for acting! You are counted with the others.")
    if form.is_robot():
        # A robot filled the trap: thank it as if all went well, count nothing.
        log_honeypot(request, "ParticipationForm")
        ratelimit.count(request, RATE_SCOPE)
        messages.success(request, thanks)
        return page
    if not proposal.is_open:
        messages.error(request, _("This action is over: thank you all the same."))
        return page
    if not form.is_valid():
        return _page(request, proposal, form=form)
    ratelimit.count(request, RATE_SCOPE)
    data = form.cleaned_data
    if not data["email"] and public.has_acted(request, proposal):
        messages.success(request, thanks)
        return page
    public.participation_record(
        proposal=proposal,
        first_name=data["first_name"],
        postal_code=data["postal_code"],
        email=data["email"],
        consent=data["consent"],
    )
    messages.success(request, thanks)
    public.remember_acted(page, proposal)
    return page


@login_required
@require_http_methods(["GET", "POST"])
def proposal_public(request, pk):
    """Open or close a proposal's public page, after a confirmation: its coordination, staff."""
    proposal = get_for_user_or_404(
        request.user,
        "actions.manage_proposal",
        ActionProposal.objects.select_related("coordination", "circular"),
        pk=pk,
    )
    form = PublicSwitchForm(request.POST or None, initial={"public": not proposal.is_public})
    if request.method == "POST" and form.is_valid():
        try:
            proposal = public.proposal_set_public(
                proposal=proposal, public=form.cleaned_data["public"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if proposal.is_public:
                messages.success(request, _("The action's public page is open."))
            else:
                messages.success(request, _("The action's public page is closed."))
        return redirect("actions:proposal_results", pk=proposal.pk)
    return render(
        request,
        "actions/proposal_public.html",
        {
            "proposal": proposal,
            "form": form,
            "make_public": not proposal.is_public,
            "public_url": reverse("actions:public_action", kwargs={"slug": proposal.public_slug})
            if proposal.public_slug
            else "",
        },
        status=400 if request.method == "POST" else 200,
    )
