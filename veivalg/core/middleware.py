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
