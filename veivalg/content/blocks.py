"""StreamField blocks for content pages: paragraphs, headings, images with alt text, fact boxes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Mellomtittel")
        template = "content/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    """An image must say what it shows: the alt text is required, never taken from the file name."""

    image = ImageChooserBlock(label=_("Bilde"))
    alt = blocks.CharBlock(
        label=_("Alternativ tekst"),
        max_length=250,
        help_text=_("Beskriv hva bildet viser, for dem som ikke ser det."),
    )
    caption = blocks.CharBlock(label=_("Bildetekst"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bilde")
        template = "content/blocks/image.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), max_length=120)
    text = blocks.RichTextBlock(label=_("Tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Faktaboks")
        template = "content/blocks/fact_box.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Avsnitt"), features=RICH_TEXT_FEATURES)
    heading = HeadingBlock()
    image = ImageBlock()
    fact_box = FactBoxBlock()

    class Meta:
        required = False


class NonconformityBlock(blocks.StructBlock):
    """One WCAG success criterion the site does not meet, as the uutilsynet statement lists them."""

    criterion = blocks.CharBlock(
        label=_("Suksesskriterium"), help_text=_("For eksempel «1.3.1 Informasjon og relasjoner».")
    )
    description = blocks.TextBlock(label=_("Hva som ikke er i orden, og hvorfor"))

    class Meta:
        icon = "warning"
        label = _("Brudd på krav")
