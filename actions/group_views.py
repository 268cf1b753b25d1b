"""The action page of a group a proposal was sent to: what to do and by when, why, whom to
write to, the documents the coordinator chose for the groups, letters ready to sign, and the
report form. For the group's people (leader and members alike), the proposing coordination's
coordinators and staff; 404 for anybody else (``permissions.recipient_for_user_or_404``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.permissions import can
from actions import letters, selectors
from actions.forms import ReportForm
from actions.models import LETTER_PLACEHOLDERS, ActionProposal
from actions.permissions import recipient_for_user_or_404


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def action_page(request, group, pk):
    recipient = recipient_for_user_or_404(request.user, group=group, proposal=pk)
    proposal, group = recipient.proposal, recipient.group
    material = selectors.action_material(proposal)
    report = proposal.reports.filter(group=group).first()
    may_report = can(request.user, "actions.report", recipient)
    editable = proposal.status == ActionProposal.Status.PUBLISHED
    context = {
        "recipient": recipient,
        "proposal": proposal,
        "circular": proposal.circular,
        "group": group,
        "report": report,
        "may_report": may_report,
        "editable": editable,
        "placeholders": LETTER_PLACEHOLDERS,
        **material,
    }
    if may_report and editable:
        context["report_form"] = ReportForm(instance=report, proposal=proposal, group=group)
        context["report_url"] = reverse(
            "actions:report_edit", kwargs={"group": group.slug, "pk": proposal.pk}
        )
    return render(request, "actions/action_page.html", context)


@login_required
@require_safe
def action_document(request, group, pk, document):
    """A document the coordinator chose for the groups; one they did not choose is 404 here
    (staff and the circular's coordinators read it on the circular's page)."""
    recipient = recipient_for_user_or_404(request.user, group=group, proposal=pk)
    attachment = recipient.proposal.documents.filter(pk=document).select_related("circular").first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _private(
        FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.download_name,
            content_type=attachment.content_type,
        )
    )


@login_required
@require_safe
def action_letter(request, group, pk, target):
    """The letter to one authority, for this group, signed by the person who asks for it: from
    the chosen Word template (``?document=<id>``, else the first one with placeholders), or the
    portal's letter."""
    recipient = recipient_for_user_or_404(request.user, group=group, proposal=pk)
    proposal = recipient.proposal
    authority = proposal.targets.filter(pk=target).first()
    if authority is None:
        raise Http404
    documents = [d for d in proposal.documents.all() if d.kind == "docx"]
    template = None
    if chosen := request.GET.get("document"):
        template = next((d for d in documents if str(d.pk) == chosen), None)
        if template is None:
            raise Http404
    else:
        template = next((d for d in documents if letters.is_letter_template(d)), None)
    try:
        letter = letters.render_letter(
            proposal=proposal,
            group=recipient.group,
            target=authority,
            signatory=request.user.get_full_name() or request.user.email,
            template=template,
        )
    except letters.LetterError:
        messages.error(
            request,
            _(
                "The letter template could not be filled in: download it and fill it in by "
                "hand, or ask the coordinator for a corrected template."
            ),
        )
        return redirect("actions:action_page", group=recipient.group.slug, pk=proposal.pk)
    response = HttpResponse(letter.content, content_type=letter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    return _private(response)
