from django.conf import settings
from django.utils import translation


class LanguageCookieMiddleware:
    """Bokmål unless the reader chose another language with the language switch (a cookie).

    The browser's Accept-Language is deliberately not used: a Norwegian public service speaks
    bokmål by default, and a reader switches with one click.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy`: the features in `settings.PERMISSIONS_POLICY` (camera,
    microphone, geolocation, payment, USB and the like) are off for every page and anything it
    embeds, so injected or third-party content cannot ask the reader for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
