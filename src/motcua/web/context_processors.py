from django.conf import settings

from .navigation import staff_nav


def site(request):
    user = getattr(request, "user", None)
    nav = staff_nav(request) if user is not None else []
    return {
        "site_name": settings.MOTCUA_SITE_NAME,
        "staff_nav": nav,
        "user_is_officer": bool(nav),
    }
