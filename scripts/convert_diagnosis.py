"""Convert MIFI's medium-term labour-market diagnoses (2024-2028, 516 occupations) to YAML.

Source: the MIFI workbook ``LIS_Diagnostics_moyen_terme_2024-2028_516_professions.xlsx`` (one sheet,
``Diagnostics_2024_2028``; columns ``CNP 2021``, titles, ``Diagnostic``, category). A public copy is kept
in the GitHub repository zhukovgeorge/pstq, at the root of the tree. To get it::

    git clone https://github.com/zhukovgeorge/pstq /tmp/pstq
    git -C /tmp/pstq log -1 --format='%H %cs'

Rerun (standard library only; the output is deterministic, keys sorted)::

    python scripts/convert_diagnosis.py /path/to/LIS_Diagnostics_moyen_terme_2024-2028_516_professions.xlsx \\
        --commit <hash> --commit-date <YYYY-MM-DD>

It writes ``solver/ranking/data/diagnosis_2024_2028.yaml`` (or ``--output``). Each NOC 2021 code
(five digits, zero-padded) maps to ``shortage`` (Déficit), ``slight_shortage`` (Léger déficit) or
``balanced``. The PSTQ grid has no surplus row: its lowest row is "balanced, or no diagnosis", so
``Équilibre``, ``Léger surplus``/``Surplus`` and ``Non publié`` all map to ``balanced``. Any other label
stops the conversion. A NOC listed twice keeps its first row (a warning names it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SOURCE_FILE = "LIS_Diagnostics_moyen_terme_2024-2028_516_professions.xlsx"
SOURCE_REPO = "zhukovgeorge/pstq"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "solver" / "ranking" / "data" / "diagnosis_2024_2028.yaml"

NOC_HEADER = "cnp 2021"
DIAGNOSIS_HEADER = "diagnostic"

# Sheet label (normalised: NFC, lower case, single spaces) -> value in the YAML.
LABELS: dict[str, str] = {
    "déficit": "shortage",
    "léger déficit": "slight_shortage",
    "équilibre": "balanced",
    "léger surplus": "balanced",
    "surplus": "balanced",
    "non publié": "balanced",
}


def normalise(text: str) -> str:
    """NFC, non-breaking spaces as spaces, runs of blanks collapsed, lower case."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def column_of(ref: str) -> str:
    """Column letters of a cell reference such as ``D12``."""
    return "".join(ch for ch in ref if ch.isalpha())


def shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ET.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN_NS}t")) for si in root.findall(f"{MAIN_NS}si")]


def first_sheet_path(book: zipfile.ZipFile) -> str:
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    sheet = workbook.find(f"{MAIN_NS}sheets/{MAIN_NS}sheet")
    if sheet is None:
        raise SystemExit("workbook has no sheet")
    rel_id = sheet.get(f"{REL_NS}id")
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall(f"{PKG_REL_NS}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise SystemExit(f"no relationship {rel_id} for the first sheet")


def cell_text(cell: ET.Element, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN_NS}t"))
    value = cell.find(f"{MAIN_NS}v")
    if value is None or value.text is None:
        return ""
    if kind == "s":
        return strings[int(value.text)]
    return value.text


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of the first sheet, each as {column letters: text}."""
    with zipfile.ZipFile(path) as book:
        strings = shared_strings(book)
        sheet = ET.fromstring(book.read(first_sheet_path(book)))
    rows: list[dict[str, str]] = []
    for row in sheet.iter(f"{MAIN_NS}row"):
        cells = {column_of(c.get("r", "")): cell_text(c, strings) for c in row.findall(f"{MAIN_NS}c")}
        if any(v.strip() for v in cells.values()):
            rows.append(cells)
    return rows


def noc_code(raw: str) -> str:
    text = raw.strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if not re.fullmatch(r"\d{1,5}", text):
        raise SystemExit(f"not a NOC 2021 code: {raw!r}")
    return text.zfill(5)


def convert(path: Path) -> tuple[dict[str, str], Counter[str], list[str]]:
    """Occupations {NOC: value}, the count of each raw label, and the NOCs seen more than once."""
    rows = read_rows(path)
    if not rows:
        raise SystemExit(f"{path}: empty sheet")
    header = {normalise(text): col for col, text in rows[0].items()}
    try:
        noc_col, diag_col = header[NOC_HEADER], header[DIAGNOSIS_HEADER]
    except KeyError as missing:
        raise SystemExit(f"{path}: header {missing} not found in {sorted(header)}") from None
    occupations: dict[str, str] = {}
    labels: Counter[str] = Counter()
    duplicates: list[str] = []
    for row in rows[1:]:
        noc = noc_code(row.get(noc_col, ""))
        label = row.get(diag_col, "").strip()
        labels[label] += 1
        value = LABELS.get(normalise(label))
        if value is None:
            raise SystemExit(f"{path}: NOC {noc}: unknown diagnosis label {label!r}")
        if noc in occupations:
            duplicates.append(noc)
            continue
        occupations[noc] = value
    return occupations, labels, duplicates


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render(occupations: dict[str, str], commit: str, commit_date: str) -> str:
    ref = f"commit {commit}, {commit_date}"
    lines = [
        "# generated by scripts/convert_diagnosis.py; do not edit by hand",
        "id: diagnostics-moyen-terme-2024-2028",
        "title:",
        "  en: " + quoted("Medium-term labour-market diagnoses 2024-2028 (516 occupations)"),
        "  fr: " + quoted("Diagnostics moyen terme 2024-2028 (516 professions)"),
        "source:",
        "  tag: MIFI",
        "  ref:",
        "    en: " + quoted(f"MIFI, {SOURCE_FILE}, public copy in github {SOURCE_REPO} ({ref})"),
        "    fr: " + quoted(f"MIFI, {SOURCE_FILE}, copie publique dans github {SOURCE_REPO} ({ref})"),
        "retrieved: " + quoted(commit_date),
        "occupations:",
    ]
    lines += [f"  {quoted(noc)}: {occupations[noc]}" for noc in sorted(occupations)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("xlsx", type=Path, help=f"path to {SOURCE_FILE}")
    parser.add_argument("--commit", default="unknown", help=f"commit of {SOURCE_REPO} the file came from")
    parser.add_argument("--commit-date", default="unknown", help="date of that commit, YYYY-MM-DD")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="YAML file to write")
    args = parser.parse_args(argv)
    if args.commit_date != "unknown" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.commit_date):
        parser.error("--commit-date must be YYYY-MM-DD")

    occupations, labels, duplicates = convert(args.xlsx)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(occupations, args.commit, args.commit_date), encoding="utf-8")

    for label, count in sorted(labels.items()):
        print(f"{count:4d}  {label} -> {LABELS[normalise(label)]}", file=sys.stderr)
    for noc in duplicates:
        print(f"warning: NOC {noc} listed more than once; the first row is kept", file=sys.stderr)
    print(f"{len(occupations)} occupations written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
