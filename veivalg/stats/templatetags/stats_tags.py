"""`figure`: a statistics cell as text: «under 5» for a hidden count, decimals with a comma."""

from django import template

from ..report import format_cell

register = template.Library()


@register.filter
def figure(cell) -> str:
    if cell == "":
        return "–"
    return format_cell(cell)


@register.filter
def get_table(tables: dict, slug: str):
    return tables[slug]
