"""Simple pictograms for the demo's easy-read texts, drawn with Pillow: plain shapes, thick dark
lines on white, one thing per picture. Stored as Wagtail images, found again by title."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

SIZE = 240
INK = (31, 41, 55)
ACCENT = (0, 94, 184)
PAPER = (255, 255, 255)
LINE = 10


def _calendar(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((30, 50, 210, 210), radius=16, outline=INK, width=LINE, fill=PAPER)
    draw.rectangle((30, 50, 210, 95), fill=ACCENT)
    for x in (75, 165):
        draw.line((x, 30, x, 70), fill=INK, width=LINE)
    for row in range(3):
        for col in range(4):
            x, y = 55 + col * 38, 115 + row * 30
            draw.rectangle((x, y, x + 18, y + 16), fill=INK)
    draw.ellipse((123, 140, 173, 190), outline=ACCENT, width=6)


def _letter(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((25, 60, 215, 185), outline=INK, width=LINE, fill=PAPER)
    draw.line((25, 60, 120, 130, 215, 60), fill=INK, width=LINE, joint="curve")
    draw.rectangle((160, 75, 195, 105), fill=ACCENT)


def _person(draw: ImageDraw.ImageDraw) -> None:
    draw.ellipse((85, 25, 155, 95), fill=ACCENT)
    draw.rounded_rectangle((60, 110, 180, 220), radius=40, fill=INK)


def _two_people(draw: ImageDraw.ImageDraw) -> None:
    for x, colour in ((40, ACCENT), (130, INK)):
        draw.ellipse((x + 10, 40, x + 60, 90), fill=colour)
        draw.rounded_rectangle((x - 5, 100, x + 75, 200), radius=30, fill=colour)


PICTOGRAMS = {
    "kalender": ("Piktogram: kalender", _calendar),
    "brev": ("Piktogram: brev", _letter),
    "person": ("Piktogram: person", _person),
    "to-personer": ("Piktogram: to personer", _two_people),
}


def draw_png(name: str) -> bytes:
    """The pictogram as a small PNG."""
    _, draw_on = PICTOGRAMS[name]
    picture = PILImage.new("RGB", (SIZE, SIZE), PAPER)
    draw_on(ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def pictogram_image(name: str):
    """The Wagtail image for the pictogram, created the first time it is asked for."""
    title, _ = PICTOGRAMS[name]
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(draw_png(name)), name=f"piktogram-{name}.png")
        image.save()
    return image
