"""The NOC 2016 -> 2021 map of the rules against Statistics Canada's concordance.

``tests/data/noc2016v1_3-noc2021v1_0-extract.csv`` holds every row of the official concordance
(NOC 2016 V1.3 -> NOC 2021 V1.0) whose 2016 code has a part in a 2021 code the rule files
name. The map must list exactly those 2016 codes with exactly their 2021 codes: a 2016 code
that split is read three-valued (all its 2021 codes in a list: met; none: not met; some: unknown).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from solver.rules.book import DATA_DIR, default_rulebook

EXTRACT = Path(__file__).parent / "data" / "noc2016v1_3-noc2021v1_0-extract.csv"

#: Every split among those codes, reviewed by hand against the concordance's notes.
SPLITS = {
    "2171": {"21211", "21220", "21221", "21222", "21233"},
    "2172": {"21211", "21223"},
    "2173": {"21211", "21231"},
    "2174": {"21230", "21232", "21234"},
    "2175": {"21233", "21234"},
    "3124": {"31302", "31303", "32103"},
    "8252": {"72600", "82030", "84120", "85100"},
    "8431": {"84120", "85100", "85101"},
    "9618": {"94142", "95107"},
}


def _concordance() -> dict[str, set[str]]:
    lines = [line for line in EXTRACT.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    found: dict[str, set[str]] = {}
    for row in csv.DictReader(lines):
        found.setdefault(row["noc2016"], set()).add(row["noc2021"])
    return found


def _named_codes() -> set[str]:
    named: set[str] = set()
    for name in default_rulebook().catalog.programs:
        named |= set(re.findall(r'"(\d{5})"', (DATA_DIR / name).read_text(encoding="utf-8")))
    return named


def test_the_map_lists_every_2016_code_with_a_part_in_a_named_2021_code() -> None:
    concordance = _concordance()
    named = _named_codes()
    relevant = {code for code, targets in concordance.items() if targets & named}
    assert set(default_rulebook().catalog.noc_2016_to_2021) == relevant


@pytest.mark.parametrize("code", sorted(_concordance()))
def test_each_2016_code_maps_to_exactly_its_concordance_codes(code: str) -> None:
    entry = default_rulebook().catalog.noc_2016_to_2021[code]
    assert set(entry.noc2021) == _concordance()[code]


def test_the_splits_are_the_reviewed_ones() -> None:
    noc_map = default_rulebook().catalog.noc_2016_to_2021
    splits = {code: set(entry.noc2021) for code, entry in noc_map.items() if len(entry.noc2021) > 1}
    assert splits == SPLITS


@pytest.mark.parametrize(
    ("code", "accepted", "expected"),
    [
        ("3124", frozenset({"33102", "31300", "31301", "31302", "32101"}), None),  # 31302 in, 31303 and 32103 not
        ("2171", frozenset({"21211", "21220", "21221", "21222", "21231"}), None),  # 21233 (web designers) not IT-VE
        ("2173", frozenset({"21211", "21231"}), True),  # every part in the list
        ("9618", frozenset({"94142", "95107"}), True),
        ("2172", frozenset({"21310"}), False),  # no part in the list
        ("3413", frozenset({"33102"}), True),
    ],
)
def test_membership_of_a_split_code_is_three_valued(code: str, accepted: frozenset[str], expected: bool | None) -> None:
    assert default_rulebook().noc.in_list(code, accepted) is expected
