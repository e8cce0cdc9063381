from .access import access_of


def roles(request):
    """Expose the user's roles to templates (navigation shows what each role may use)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_of(user)
    return {
        "user_is_editor": bool(access.editor_of),
        "user_is_coordinator": bool(access.coordinator_of),
    }
