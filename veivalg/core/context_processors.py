from django.conf import settings


def site(request):
    return {"show_demo_banner": settings.SHOW_DEMO_BANNER}
