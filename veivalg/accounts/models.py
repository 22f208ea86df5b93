"""Staff scope. Issue 5 adds roles, people and consent; for now an editor is tied to municipalities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorAssignment(models.Model):
    """Which municipalities' information a staff user may edit. Superusers edit everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_assignment"
    )
    office = models.CharField(
        _("kontor"), max_length=150, help_text=_("Vises offentlig som «kontrollert av».")
    )
    municipalities = models.ManyToManyField("places.Municipality", related_name="editor_assignments")

    class Meta:
        verbose_name = _("redaktørtilgang")
        verbose_name_plural = _("redaktørtilganger")

    def __str__(self) -> str:
        return f"{self.user} ({self.office})"
