"""Who may do what with signalements.

A coordinator (a mandate not ended, upcoming included) sends signalements for their
coordinations and follows the ones they sent; staff follow every one. Everybody else is
answered 404 by the views.
"""

from accounts.permissions import is_staff_member, rule


@rule("liaison.send")
def _send(user, obj) -> bool:
    from liaison.selectors import may_send

    return may_send(user)


@rule("liaison.follow_own")
def _follow_own(user, signalement) -> bool:
    """The thread on the coordinator's side: the person who sent it."""
    return signalement.author_id == user.pk


@rule("liaison.handle")
def _handle(user, signalement) -> bool:
    return is_staff_member(user)
