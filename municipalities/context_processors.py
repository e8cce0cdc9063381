"""What every page's navigation needs to know about the user's roles."""

from django.utils.functional import SimpleLazyObject

from .access import access_of
from .models import Region


def roles(request):
    """Expose the user's roles to templates (navigation shows what each role may use)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_of(user)
    return {
        "user_is_editor": bool(access.editor_of),
        "user_is_coordinator": bool(access.coordinator_of),
        "coordinated_regions": _coordinated_regions(access),
    }


def _coordinated_regions(access):
    """The regions the user is a coordinator of, for the navigation (queried only if a template asks).

    Only memberships count here: an administrator's menu does not list every region.
    """
    return SimpleLazyObject(lambda: sorted(Region.objects.filter(pk__in=access.coordinator_of), key=Region.name_key))
