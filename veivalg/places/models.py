"""Counties (fylker) and municipalities (kommuner), 2024 numbering. Reference data, loaded by migration."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify_no(value: str) -> str:
    """Slug for Norwegian names: æ→ae, ø→o, å→a, other accents dropped (Bærum → baerum)."""
    value = value.translate(_TRANSLIT)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_nn = models.CharField(_("navn på nynorsk"), max_length=100)
    name_sami = models.CharField(_("samisk navn"), max_length=100, blank=True)
    sami_language = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return self.name_nn if get_language() == "nn" else self.name


class MunicipalityQuerySet(models.QuerySet):
    def matching(self, text: str) -> MunicipalityQuerySet:
        """Municipalities whose number starts with, or whose name contains, the typed text."""
        text = text.strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(number__startswith=text)
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(name_nn__icontains=text)
            | models.Q(name_sami__icontains=text)
            | models.Q(slug__icontains=slugify_no(text))
        )

    def pick(self, text: str) -> tuple[Municipality | None, list[Municipality]]:
        """The one municipality typed text means (exact number or name wins), and the matches."""
        text = text.strip()
        matches = list(self.matching(text).select_related("county")[:50])
        exact = [m for m in matches if text.lower() in {m.number, m.name.lower(), m.name_nn.lower()}]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0], matches
        return None, matches


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_nn = models.CharField(_("navn på nynorsk"), max_length=100)
    name_sami = models.CharField(_("samisk navn"), max_length=100, blank=True)
    sami_language = models.CharField(max_length=3, blank=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    slug = models.SlugField(max_length=120, unique=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return self.name_nn if get_language() == "nn" else self.name

    @property
    def display_name(self) -> str:
        """Name with the official Sami form where there is one: 'Kautokeino – Guovdageaidnu'."""
        if self.name_sami and self.name_sami != self.local_name:
            return f"{self.local_name} – {self.name_sami}"
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("directory:municipality", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = f"{self.number}-{slugify_no(self.name)}"
        super().save(*args, **kwargs)
