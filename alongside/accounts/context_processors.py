"""What every page's menu needs to know about who is signed in, decided here, not in templates."""

from alongside.accounts.models import Role


def menu(request) -> dict:
    """`menu` names the menu core/nav.html draws (one per role, "" for nobody signed in);
    `reviews_emergency_access` adds the privacy officer's review (staff only: a client
    reviews nobody's access)."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) or ""
    return {
        "menu": role if role in Role.values else "",
        "reviews_emergency_access": bool(getattr(user, "is_privacy_officer", False))
        and role != Role.CLIENT,
    }
