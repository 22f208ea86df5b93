from .services import acting_for as acting_for_person
from .services import own_person


def acting_for(request):
    """`acting_for`: the person a relative acts for (for the banner), and `signed_in_person`."""
    if not hasattr(request, "user"):
        return {}
    return {"acting_for": acting_for_person(request), "signed_in_person": own_person(request.user)}
