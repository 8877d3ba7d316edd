"""Template context every page needs: the signed-in user's roles."""

from kundval.scoping import scope_of


def roles(request) -> dict:
    return {"user_roles": scope_of(getattr(request, "user", None)).roles}
