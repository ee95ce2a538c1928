from alongside.accounts.models import Role


def mail_waiting(request):
    """For the practice admin only: whether any mail is waiting, so the menu can say so."""
    user = getattr(request, "user", None)
    if getattr(user, "role", None) != Role.ADMIN:
        return {}
    from alongside.ops.mail import waiting_for

    # A callable: the template calls it only where the menu is drawn.
    return {"mail_waiting": waiting_for(user).exists}
