"""Knowledge as versioned data files, with loaders that check their schema.

Files live beside this module: `lexicons/*.json` (triggers, weapons, cues,
statements, calendar, numbers), `actors.csv`, `places/*.{csv,tsv}`. A user can
point `MARSAD_DATA_DIR` (or the config key `data_dir`) at a directory holding
replacement files with the same names; missing files fall back to the packaged
ones.
"""
from __future__ import annotations

import csv
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataError

_LEXICON_KEYS: dict[str, list[str]] = {
    "triggers": ["version", "entries"],
    "weapons": ["version", "entries"],
    "cues": ["version"],
    "statements": ["version", "entries", "speech_verbs"],
    "calendar": ["version", "months", "weekdays", "hijri_months", "relative_days"],
    "numbers": ["version", "units", "tens", "vague"],
    "demonyms": ["version", "entries"],
    "context_words": ["version", "negators", "place_nouns", "locative"],
}
_ENTRY_KEYS: dict[str, list[str]] = {
    "triggers": ["id", "forms", "event_type", "sub_event_type", "strength"],
    "weapons": ["id", "forms", "weapon"],
    "statements": ["id", "type", "forms", "priority"],
}
ACTOR_COLUMNS = ["id", "canonical", "kind", "country", "inter", "names_ar", "names_en", "source"]
SITE_COLUMNS = ["id", "name", "kind", "precision", "names_ar", "names_en_alt", "latitude", "longitude",
                "country", "admin1", "source"]
ADMIN1_COLUMNS = ["country_code", "admin1_code", "geonameid", "name", "names_en_alt", "names_ar",
                  "latitude", "longitude", "source"]
ADMIN2_COLUMNS = ["country_code", "admin1_code", "admin2_code", "geonameid", "name", "names_en_alt", "names_ar",
                  "latitude", "longitude", "source"]
ADMIN3_COLUMNS = ["country_code", "admin1_code", "admin2", "pcode", "name", "names_ar", "latitude", "longitude",
                  "source"]
CITY_COLUMNS = ["geonameid", "name", "country_code", "admin1_code", "latitude", "longitude",
                "population", "names_ar", "names_en"]


def data_path(relative: str) -> Path:
    """Path of a data file: the user's override directory first, then the package."""
    override = os.environ.get("MARSAD_DATA_DIR")
    if override:
        p = Path(override) / relative
        if p.exists():
            return p
    return Path(str(resources.files(__package__).joinpath(relative)))


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict[str, Any]:
    path = data_path(f"lexicons/{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise DataError(f"lexicon {name!r} not found at {path}", hint="reinstall marsad or fix MARSAD_DATA_DIR") from e
    except json.JSONDecodeError as e:
        raise DataError(f"lexicon {path} is not valid JSON: {e.msg} at line {e.lineno}",
                        hint="fix the file; `marsad data check` validates all lexicons") from e
    for k in _LEXICON_KEYS.get(name, ["version"]):
        if k not in data:
            raise DataError(f"lexicon {path} lacks the key {k!r}")
    entries = data.get("entries", [])
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        for k in _ENTRY_KEYS.get(name, []):
            if k not in entry:
                raise DataError(f"lexicon {path}: entry {i} ({entry.get('id', '?')}) lacks {k!r}")
        if not entry.get("forms") and "forms" in _ENTRY_KEYS.get(name, []):
            raise DataError(f"lexicon {path}: entry {entry['id']} has no forms")
    return data


def read_table(relative: str, columns: list[str], delimiter: str = ",") -> list[dict[str, str]]:
    path = data_path(relative)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter=delimiter)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{path} lacks the columns {missing}",
                                hint=f"expected columns: {', '.join(columns)}")
            rows = []
            for ln, row in enumerate(reader, 2):
                if None in row:
                    raise DataError(f"{path}:{ln}: more fields than the header has")
                rows.append(row)
            return rows
    except FileNotFoundError as e:
        raise DataError(f"data file {relative} not found at {path}", hint="reinstall marsad") from e


def split_names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split("|") if n.strip()]


def versions() -> dict[str, str]:
    """Version string of every lexicon, recorded in run.json."""
    return {name: str(load_lexicon(name).get("version")) for name in _LEXICON_KEYS}


@lru_cache(maxsize=1)
def context_words() -> dict[str, Any]:
    """Context word lists (lexicons/context_words.json), normalised: sets for lists, dicts kept."""
    from ..text.normalize import normalize
    raw = load_lexicon("context_words")
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if isinstance(v, list):
            out[k] = {normalize(x) for x in v}
        elif isinstance(v, dict):
            out[k] = {normalize(a): (tuple(b) if isinstance(b, list) else b) for a, b in v.items()}
        else:
            out[k] = v
    return out


OUTLET_COLUMNS = ["id", "names", "hosts", "scale", "country", "source"]


@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    by_host: dict[str, str] = {}
    for r in read_table("outlets.csv", OUTLET_COLUMNS):
        for n in split_names(r["names"]) + [r["id"]]:
            by_name[n.casefold()] = r["scale"]
        for h in split_names(r["hosts"]):
            by_host[h.casefold()] = r["scale"]
    return by_name, by_host


def outlet_scale(outlet: str | None, url: str | None = None) -> str | None:
    """ACLED's source scale of an outlet (outlets.csv), by name or by the URL's host; None if unknown."""
    by_name, by_host = _outlets()
    if outlet and outlet.casefold() in by_name:
        return by_name[outlet.casefold()]
    if url:
        from urllib.parse import urlsplit
        host = (urlsplit(url).hostname or "").casefold()
        while host:
            if host in by_host:
                return by_host[host]
            host = host.partition(".")[2]
    return None
