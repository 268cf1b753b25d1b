from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.myspace import sections_for
from accounts.reminders import UNSUBSCRIBE_SALT


@login_required
def me(request):
    """My space: the person's own profile; later sections add what they hold in the portal."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:me")
    return render(request, "accounts/me.html", {"form": form, "sections": sections_for(request)})


def unsubscribe(request, token):
    """Stop the non-essential summaries from the link in one of them (confirmed by a POST)."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
        person = User.objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, User.DoesNotExist):
        raise Http404 from None
    if request.method == "POST":
        person.receives_digests = False
        person.save(update_fields=["receives_digests"])
        return render(request, "accounts/unsubscribed.html", {"person": person})
    return render(request, "accounts/unsubscribe.html", {"person": person})
