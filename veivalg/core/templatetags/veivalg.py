from dataclasses import dataclass

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from veivalg.core.i18n import localized as localized_field

register = template.Library()


@dataclass
class LocalText:
    text: str
    lang: str

    @property
    def foreign(self) -> bool:
        """True when the text is not in the page's language and needs its own lang attribute."""
        return self.lang != (get_language() or "nb")

    def __str__(self) -> str:
        return self.text


@register.simple_tag
def localized(obj, field: str) -> LocalText:
    text, lang = localized_field(obj, field)
    return LocalText(text, lang)


@register.simple_tag
def lang_attr(text: LocalText) -> str:
    if isinstance(text, LocalText) and text.foreign and text.text:
        return mark_safe(f' lang="{text.lang}"')  # lang is "nb" or "nn", never user input
    return ""


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    querystring = context.get("querystring", "")
    return f"?{querystring}&side={number}" if querystring else f"?side={number}"
