"""The statistics as tables, for the page and the CSV files alike: the staff get exact figures,
the public the same tables with small counts hidden (suppression.py).

A cell is an int, a float (median days, percent), None (hidden: «under 5») or "" (no value).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import queries
from .suppression import THRESHOLD, is_small, suppress

TABLES = ("kapasitet", "belegg", "venteliste", "ventetid", "ventetid-type", "overganger", "to")


@dataclass
class Table:
    slug: str
    title: str
    description: str
    header: list[str]
    rows: list[tuple[str, list]]
    totals: tuple[str, list] | None = None
    number_format: str = "int"

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass
class Bar:
    label: str
    capacity: int | None
    occupied: int | None
    waiting: int | None
    widths: dict = field(default_factory=dict)


@dataclass
class Flow:
    """The transition diagram: nodes on the left (from) and right (to), and bands between."""

    height: int
    left: list[dict]
    right: list[dict]
    bands: list[dict]


@dataclass
class Report:
    years: tuple[int, ...]
    tables: dict[str, Table]
    bars: list[Bar]
    bars_year: int
    summary: dict
    flow: Flow | None
    public: bool


def _hide_small(values: list[int]) -> list[int | None]:
    return [None if is_small(v) else v for v in values]


def _series_table(slug, title, description, overview, data, totals, years, *, public, people=True):
    groups = overview.groups
    cells = [list(data[key]) for key, _label in groups]
    column_totals = list(totals)
    if public and people:
        hidden = suppress(cells, column_totals=column_totals) if cells else None
        if hidden is not None:
            cells, column_totals = hidden.cells, hidden.column_totals
        else:
            column_totals = _hide_small(column_totals)
    rows = [(label, row) for (_key, label), row in zip(groups, cells, strict=True)]
    return Table(
        slug=slug,
        title=title,
        description=description,
        header=[_("Gruppe"), *[str(y) for y in years]],
        rows=rows,
        totals=(_("I alt"), column_totals),
    )


def build(scope: queries.Scope, by: str, *, public: bool, today=None) -> Report:
    years = scope.years
    overview = queries.cached(
        "overview", scope, by, today, compute=lambda: queries.overview(scope, by, today)
    )
    group_name = {
        queries.BY_KIND: _("Tilbudstype"),
        queries.BY_PROVIDER: _("Tilbyder"),
        queries.BY_MUNICIPALITY: _("Kommune"),
    }[by]
    tables: dict[str, Table] = {}
    tables["kapasitet"] = _series_table(
        "kapasitet",
        _("Plasser ved utgangen av året"),
        _("Plasser i tilbudene etter kapasiteten som gjaldt 31. desember (i år: i dag)."),
        overview,
        overview.capacity,
        overview.capacity_totals,
        years,
        public=public,
        people=False,
    )
    tables["belegg"] = _series_table(
        "belegg",
        _("Personer med plass ved utgangen av året"),
        _(
            "Personer med en plassering som gjaldt 31. desember (i år: i dag). Den som har to plasser i samme gruppe, telles én gang."
        ),
        overview,
        overview.occupied,
        overview.occupied_totals,
        years,
        public=public,
    )
    tables["venteliste"] = _series_table(
        "venteliste",
        _("Personer på venteliste ved utgangen av året"),
        _("Personer som sto på en venteliste 31. desember (i år: i dag)."),
        overview,
        overview.waiting,
        overview.waiting_totals,
        years,
        public=public,
    )
    for table in (tables["kapasitet"], tables["belegg"], tables["venteliste"]):
        table.header[0] = group_name

    times = queries.cached("waiting", scope, compute=lambda: queries.waiting_times(scope))
    tables["ventetid"] = _waiting_table(
        "ventetid",
        _("Ventetid etter år"),
        _(
            "De som gikk ut av en venteliste i året: hvor mange, og hvor mange dager de ventet (median: halvparten ventet kortere)."
        ),
        _("År"),
        [(str(year), n, median) for year, n, median in times["years"]],
        public=public,
    )
    tables["ventetid-type"] = _waiting_table(
        "ventetid-type",
        _("Ventetid etter tilbudstype"),
        _("Det samme for alle årene du har valgt, etter hva de ventet på."),
        _("Tilbudstype"),
        times["kinds"],
        public=public,
    )
    moves = queries.cached("transitions", scope, compute=lambda: queries.transitions(scope))
    tables["overganger"], flow = _transitions(moves, public=public)
    leavers = queries.cached("leavers", scope, compute=lambda: queries.school_leavers(scope))
    tables["to"] = _school_leavers(leavers, public=public)

    last = len(years) - 1
    bars = _bars(tables, overview, last)
    summary = {
        "year": years[last],
        "capacity": tables["kapasitet"].totals[1][last],
        "occupied": tables["belegg"].totals[1][last],
        "waiting": tables["venteliste"].totals[1][last],
    }
    return Report(
        years=years,
        tables=tables,
        bars=bars,
        bars_year=years[last],
        summary=summary,
        flow=flow,
        public=public,
    )


def _waiting_table(slug, title, description, first, rows, *, public) -> Table:
    shown = []
    for label, n, median in rows:
        if public and is_small(n):
            shown.append((label, [None, ""]))
        else:
            shown.append((label, [n, "" if median is None else median]))
    return Table(
        slug=slug,
        title=title,
        description=description,
        header=[first, _("Gikk ut av listen"), _("Dager ventet (median)")],
        rows=shown,
    )


def _transitions(moves: dict, *, public: bool) -> tuple[Table, Flow | None]:
    names = dict(moves["kinds"])
    pairs = sorted(moves["counts"].items(), key=lambda item: (-item[1], names[item[0][0]], names[item[0][1]]))
    values = [[n] for _pair, n in pairs]
    total = sum(n for _pair, n in pairs)
    totals: list = [total]
    if public and values:
        hidden = suppress(values, column_totals=totals)
        values, totals = hidden.cells, hidden.column_totals
    rows = [(names[a], [names[b], row[0]]) for ((a, b), _n), row in zip(pairs, values, strict=True)]
    table = Table(
        slug="overganger",
        title=_("Overganger mellom tilbudstyper"),
        description=_(
            "Personer som begynte i en ny type tilbud i årene du har valgt, etter hvilken type de hadde før."
        ),
        header=[_("Fra"), _("Til"), _("Personer")],
        rows=rows,
        totals=(_("I alt"), ["", totals[0]]),
    )
    visible = [(a, b, row[0]) for ((a, b), _n), row in zip(pairs, values, strict=True) if row[0]]
    return table, _flow(visible, names)


FLOW_ROW = 28  # height per node in the diagram, in its own units
FLOW_WIDTH = 600


def _flow(visible: list[tuple], names: dict) -> Flow | None:
    """Positions for an SVG flow diagram: sources on the left, targets on the right, a band per
    pair as thick as its share of the largest. Only visible (not hidden) numbers are drawn."""
    if not visible:
        return None
    sources = sorted({a for a, _b, _n in visible}, key=lambda k: names[k].lower())
    targets = sorted({b for _a, b, _n in visible}, key=lambda k: names[k].lower())
    biggest = max(n for _a, _b, n in visible)
    rows = max(len(sources), len(targets))
    height = rows * FLOW_ROW * 2
    left = {k: (i * 2 + 1) * FLOW_ROW for i, k in enumerate(sources)}
    right = {k: (i * 2 + 1) * FLOW_ROW for i, k in enumerate(targets)}
    bands = []
    for a, b, n in visible:
        y1, y2 = left[a], right[b]
        bands.append(
            {
                "path": f"M 180 {y1} C 300 {y1}, 300 {y2}, 420 {y2}",
                "width": max(2, round(n / biggest * (FLOW_ROW - 4))),
            }
        )
    return Flow(
        height=height,
        left=[{"y": y, "label": names[k]} for k, y in left.items()],
        right=[{"y": y, "label": names[k]} for k, y in right.items()],
        bands=bands,
    )


def _school_leavers(rows: list[dict], *, public: bool) -> Table:
    cells = [[row["placed"], row["not_placed"]] for row in rows]
    applicants = [row["applicants"] for row in rows]
    said_to = [row["said_to"] for row in rows]
    if public and cells:
        hidden = suppress(cells, row_totals=applicants)
        cells, applicants = hidden.cells, hidden.row_totals
        said_to = _hide_small(said_to)
    shown = []
    for row, (placed, not_placed), total, to in zip(rows, cells, applicants, said_to, strict=True):
        share = "" if not total or placed is None or total is None else round(100 * placed / total)
        shown.append((str(row["year"]), [total, placed, share, not_placed, to]))
    return Table(
        slug="to",
        title=_("Unge som går ut av videregående (TO)"),
        description=_(
            "Søkere som var 19–21 år ved utgangen av året og søkte i årets opptak, og hvor mange av dem som hadde en plass 1. oktober."
        ),
        header=[
            _("År"),
            _("Søkere 19–21 år"),
            _("Med plass 1. oktober"),
            _("Andel med plass (prosent)"),
            _("Uten plass 1. oktober"),
            _("Svarte at de hadde TO"),
        ],
        rows=shown,
    )


def _bars(tables: dict[str, Table], overview, last: int) -> list[Bar]:
    """The last year per group, for the bar chart beside the tables (hidden values not drawn)."""
    bars = []
    capacity_rows = tables["kapasitet"].rows
    occupied_rows = tables["belegg"].rows
    waiting_rows = tables["venteliste"].rows
    for (label, capacity), (_l, occupied), (_w, waiting) in zip(
        capacity_rows, occupied_rows, waiting_rows, strict=True
    ):
        bars.append(Bar(label=label, capacity=capacity[last], occupied=occupied[last], waiting=waiting[last]))
    biggest = max([v for bar in bars for v in (bar.capacity, bar.occupied, bar.waiting) if v] or [1])
    for bar in bars:
        bar.widths = {
            name: round(100 * value / biggest, 1) if value else 0
            for name, value in (
                ("capacity", bar.capacity),
                ("occupied", bar.occupied),
                ("waiting", bar.waiting),
            )
        }
    return bars


def csv_rows(table: Table) -> list[list[str]]:
    """The table as CSV rows: hidden counts as «under 5», numbers as written on the page."""
    rows = [list(table.header)]
    for label, cells in [*table.rows, *([table.totals] if table.totals else [])]:
        rows.append([label, *[format_cell(cell) for cell in cells]])
    return rows


def format_cell(cell) -> str:
    if cell is None:
        return _("under %(n)s") % {"n": THRESHOLD}
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",").removesuffix(",0")
    return str(cell)
