"""StreamField blocks for content pages: paragraphs, headings, images with alt text, fact boxes,
pictures for the easy-read text, and the accessibility statement's list of problems."""

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


class FieldsAsAttributes(blocks.StructValue):
    """A struct value whose fields read as attributes too, so `{% localized value "alt" %}`
    picks the nynorsk field (`alt_nn`) when the reader chose nynorsk and it is filled in."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class EasyReadImageBlock(blocks.StructBlock):
    """A picture that supports the easy-read text (a pictogram or a plain photo). The alt text is
    required: a reader who does not see the picture must get the same help from the words."""

    image = ImageChooserBlock(label=_("Bilde"))
    alt = blocks.CharBlock(
        label=_("Alternativ tekst"),
        required=True,
        max_length=250,
        help_text=_(
            "Beskriv hva bildet viser, med vanlige ord. For eksempel «En kalender med en dato i ring»."
        ),
    )
    alt_nn = blocks.CharBlock(
        label=_("Alternativ tekst på nynorsk"),
        required=False,
        max_length=250,
        help_text=_("Tom betyr at bokmålsteksten brukes."),
    )

    class Meta:
        icon = "image"
        label = _("Bilde til lettlest")
        template = "content/blocks/easy_read_image.html"
        value_class = FieldsAsAttributes


class EasyReadPicturesBlock(blocks.StreamBlock):
    image = EasyReadImageBlock()

    class Meta:
        required = False


class NonconformityBlock(blocks.StructBlock):
    """One WCAG success criterion the site does not meet, as the uutilsynet statement lists them,
    in bokmål and (optionally) nynorsk."""

    criterion = blocks.CharBlock(
        label=_("Suksesskriterium"), help_text=_("For eksempel «1.3.1 Informasjon og relasjoner».")
    )
    criterion_nn = blocks.CharBlock(
        label=_("Suksesskriterium på nynorsk"), required=False, help_text=_("Tom betyr at bokmål brukes.")
    )
    description = blocks.TextBlock(label=_("Hva som ikke er i orden, og hvorfor"))
    description_nn = blocks.TextBlock(
        label=_("Hva som ikke er i orden, og hvorfor, på nynorsk"),
        required=False,
        help_text=_("Tom betyr at bokmål brukes."),
    )

    class Meta:
        icon = "warning"
        label = _("Brudd på krav")
        value_class = FieldsAsAttributes
