"""Bad input in an HSDS file gets a message per record and changes nothing (issue 13, point 7):
before, a long name or phone number or a NUL byte gave a database traceback, a repeated id was
taken silently (the last record won), and one 50 MB description ran the import for minutes."""

import pytest

from veivalg.directory.analysis import Lexicon

from .test_hsds_import import ORG_ID, SERVICE_ID, counts, hsds_file, rejected, write

pytestmark = pytest.mark.django_db


def test_a_name_and_a_phone_number_too_long_for_their_columns_are_reported(tmp_path):
    data = hsds_file(name="V" * 260)
    data["organizations"][0]["phones"] = [{"id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "number": "9" * 60}]
    _, problems = rejected(write(tmp_path, data))
    assert any(f"({SERVICE_ID}): name: kan ha høyst" in line and "har 260" in line for line in problems)
    assert any(f"organisasjon {ORG_ID}: phones[0].number: kan ha høyst" in line for line in problems)
    assert counts()["Offer"] == 0 and counts()["Organization"] == 0


def test_a_nul_byte_anywhere_is_reported_where_it_stands(tmp_path):
    data = hsds_file(application_process="Ring oss\x00 i dag.")
    _, problems = rejected(write(tmp_path, data))
    assert any(f"({SERVICE_ID}): application_process: inneholder et NUL-tegn" in line for line in problems)
    assert counts()["Offer"] == 0


def test_two_records_with_one_id_are_refused_instead_of_the_last_winning(tmp_path):
    data = hsds_file()
    data["services"].append({**data["services"][0], "name": "En annen tjeneste"})
    _, problems = rejected(write(tmp_path, data))
    assert any("services[1]" in line and "samme id som services[0]" in line for line in problems)
    assert counts()["Offer"] == 0


def test_a_huge_description_is_refused_by_its_length(tmp_path):
    data = hsds_file()
    data["organizations"][0]["description"] = "ord " * 2_000_000
    _, problems = rejected(write(tmp_path, data))
    assert any("description: kan ha høyst 20000 tegn" in line for line in problems)


def test_a_very_long_word_is_not_split_as_a_compound():
    lexicon = Lexicon(parts=frozenset({"arbeid", "trening"}))
    assert lexicon.split_compound("arbeidstrening") == ["arbeid", "trening"]
    # 128,000 letters took 8.6 s to split (quadratic); now it is kept whole at once.
    assert lexicon.split_compound("arbeid" * 21_000) == []
