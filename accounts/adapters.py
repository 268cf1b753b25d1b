from allauth.account.adapter import DefaultAccountAdapter

from accounts.notifications import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth as the portal needs it: its messages go through the mail queue."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)
