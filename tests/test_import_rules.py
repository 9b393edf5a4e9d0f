"""The importer's rules on the shapes the issue names that the corpus lacks, and the YAML it
writes for any text at all."""

# ruff: noqa: RUF001 -- typographic quotation marks, as releases print them

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generators.importer.dates import parse_dates, publication_date
from generators.importer.draft import block, scalar
from generators.importer.paragraphs import split_paragraphs
from generators.importer.publishers import mentions
from generators.importer.quotes import find_quotes

# Words from the Durham and Derby releases (tests/releases), attributed as other releases do.
COOKE = "Her Majesty’s Inspector of Constabulary"


def test_an_attribution_after_the_quote() -> None:
    quotes = find_quotes(
        [
            "“We are encouraged by the progress Durham Constabulary has already made,” said "
            f"Andy Cooke, {COOKE}."
        ]
    )
    assert [(q.speaker.name, q.speaker.role) for q in quotes] == [("Andy Cooke", COOKE)]
    assert quotes[0].paragraphs == [
        "We are encouraged by the progress Durham Constabulary has already made."
    ]


def test_a_speaker_named_again_by_surname_or_pronoun() -> None:
    quotes = find_quotes(
        [
            "Martin Jones, Chief Inspector of Probation, said: “Despite significant challenges, "
            "it was pleasing to see some stability across the Derby City PDU.”",
            "Mr Jones continued: “I am encouraged by what we saw at Derby City.”",
        ]
    )
    assert [q.speaker.name for q in quotes] == ["Martin Jones", "Martin Jones"]
    assert quotes[1].speaker.role == "Chief Inspector of Probation"
    assert quotes[1].speaker.resolved  # the draft asks for a check


def test_a_quoted_phrase_with_no_speaker_is_not_a_quote() -> None:
    headline = "“Some stability” leading to promising work at Derby City Probation Delivery Unit"
    assert find_quotes([headline]) == []


def test_dates_as_releases_write_them() -> None:
    assert [d for d, *_ in parse_dates("12 March 2024")] == [date(2024, 3, 12)]
    assert [d for d, *_ in parse_dates("12/03/2024")] == [date(2024, 3, 12)]  # day first
    assert [d for d, *_ in parse_dates("Wednesday 5 October 2005")] == [date(2005, 10, 5)]
    assert parse_dates("Wednesday, 8 February") == []  # no year: not a date
    assert parse_dates("31/02/2024") == []
    found = publication_date(["Published: 18 March 2020", "A headline"], 1)
    assert found is not None and found.value == date(2020, 3, 18)
    inspection = ["Report published 5 August", "Dates of inspection: 24-26 June 2024"]
    assert publication_date(inspection, 0) is None  # the inspection's days are not the date


def test_a_publisher_by_either_name_and_any_majesty() -> None:
    text = [
        "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) found",
        "His Majesty's Inspectorate of Probation and HM Inspectorate of Prisons",
        "a report by the Wales Audit Office, emailed from HMICPressOffice@hmicfrs.gov.uk",
    ]
    found = [(m.publisher.short, m.full) for m in mentions(text)]
    assert found == [
        ("HMICFRS", True),
        ("HMICFRS", False),
        ("HMI Probation", True),
        ("HMI Prisons", True),
        ("Audit Wales", False),
    ]


def test_lines_wrapped_by_an_email_join_and_bullets_stay_items() -> None:
    text = "A lede wrapped\nat seventy-two characters.\n\nIncluding:\n• one point\n• another\n"
    assert split_paragraphs(text) == [
        "A lede wrapped at seventy-two characters.",
        "Including:",
        "• one point",
        "• another",
    ]


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.strip)


@given(_TEXT)
def test_any_line_is_a_yaml_scalar_that_reads_back(value: str) -> None:
    assert yaml.safe_load(f"key: {scalar(' '.join(value.split()))}")["key"] == " ".join(
        value.split()
    )


@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_any_prose_is_a_literal_block_that_folds_back(paragraphs: list[str]) -> None:
    loaded = yaml.safe_load(f"text: {block(paragraphs, 2)}\n")["text"]
    folded = [" ".join(p.split()) for p in loaded.split("\n\n")]
    assert folded == [" ".join(p.split()) for p in paragraphs]
