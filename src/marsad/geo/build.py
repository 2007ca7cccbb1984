"""Build a full local gazetteer from GeoNames dumps into SQLite.

`marsad gazetteer build --countries IQ,SY [--from DIR]` reads, per country,
the GeoNames dump `CC.txt` (or `CC.zip`) and its alternate names
(`alternatenames/CC.txt`, `CC.alternates.txt`, or a global
`alternateNamesV2.txt`), keeps populated places, administrative units and the
spots that conflict news names (bases, airports, dams, camps, prisons, oil
fields, border crossings), and writes them with their Arabic and English names
to a SQLite file. The file is written beside the active one and renamed over
it only when the build succeeded, so a failed build never breaks the active
gazetteer. Without `--from`, the dumps are downloaded from GeoNames.

GeoNames data: CC BY 4.0, "GeoNames (www.geonames.org)".
"""
from __future__ import annotations

import io
import os
import sqlite3
import sys
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..errors import DataError, InputError

DOWNLOAD = "https://download.geonames.org/export/dump/"
# feature classes/codes kept: populated places, admin units, and the spots news names
KEEP_CLASSES = {"P", "A"}
KEEP_CODES = {"MILB", "AIRP", "AIRB", "AIRF", "DAM", "CMP", "CMPRF", "PRN", "OILF", "GASF", "OILR", "PSTB",
              "BDGQ", "INSM", "FT", "CSTL", "RSTN", "PRT", "DIKE", "MT", "MTS", "PLN", "VAL", "ISL", "DPR"}
GEONAMES_COLUMNS = 19


def active_db_path() -> Path:
    """Where the built gazetteer lives: $MARSAD_GAZETTEER, else $MARSAD_HOME (default ~/.local/share/marsad)."""
    if os.environ.get("MARSAD_GAZETTEER"):
        return Path(os.environ["MARSAD_GAZETTEER"])
    home = os.environ.get("MARSAD_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "marsad")
    return Path(home) / "gazetteer.sqlite"


@dataclass
class BuildReport:
    path: Path
    countries: list[str]
    places: int
    names: int
    arabic_names: int
    skipped_lines: int


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _open_text(path: Path, member: str | None = None) -> Iterator[str]:
    """Lines of a .txt file or of the member of a .zip (GeoNames ships both)."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                name = member or next((n for n in z.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None)
                if name is None:
                    raise DataError(f"{path}: the zip file holds no .txt member")
                with z.open(name) as f:
                    yield from io.TextIOWrapper(f, encoding="utf-8")
        else:
            with path.open(encoding="utf-8") as f:
                yield from f
    except zipfile.BadZipFile as e:
        raise DataError(f"{path}: not a valid zip file ({e})", hint="download it again or pass the .txt") from e
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from e


def _find(src: Path, candidates: list[str]) -> Path | None:
    for c in candidates:
        p = src / c
        if p.exists():
            return p
    return None


def _download(country: str, into: Path) -> None:
    """Fetch CC.zip and alternatenames/CC.zip from GeoNames into `into`."""
    for url, target in ((f"{DOWNLOAD}{country}.zip", into / f"{country}.zip"),
                        (f"{DOWNLOAD}alternatenames/{country}.zip", into / f"{country}.alternates.zip")):
        try:
            with urllib.request.urlopen(url, timeout=60) as r, target.open("wb") as out:
                out.write(r.read())
        except OSError as e:
            raise InputError(f"could not download {url}: {e}",
                             hint="download the files yourself and pass --from DIR") from e


def read_places(path: Path, report_skips: list[str]) -> Iterator[tuple]:
    for ln, line in enumerate(_open_text(path), 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            report_skips.append(f"{path.name}:{ln}: {len(cols)} columns, expected {GEONAMES_COLUMNS}")
            continue
        gid, name, ascii_, alts, lat, lon, fclass, fcode, cc = cols[:9]
        if fclass not in KEEP_CLASSES and fcode not in KEEP_CODES:
            continue
        try:
            yield (int(gid), ascii_ or name, cc, cols[10], cols[11], fclass, fcode, float(lat), float(lon),
                   int(cols[14] or 0), [a for a in alts.split(",") if a])
        except ValueError:
            report_skips.append(f"{path.name}:{ln}: bad number in id/coordinates/population")


def read_alternates(path: Path, wanted: set[int], report_skips: list[str]) -> Iterator[tuple[int, str, str]]:
    """(geonameid, name, language) for Arabic and English alternate names of wanted places."""
    for ln, line in enumerate(_open_text(path), 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4:
            report_skips.append(f"{path.name}:{ln}: {len(cols)} columns, expected at least 4")
            continue
        try:
            gid = int(cols[1])
        except ValueError:
            report_skips.append(f"{path.name}:{ln}: bad geonameid")
            continue
        if gid in wanted and cols[2] in ("ar", "en", ""):
            if len(cols) > 7 and cols[7] == "1":
                continue          # historic name
            yield gid, cols[3], cols[2] or ("ar" if _is_arabic(cols[3]) else "")


SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country_code TEXT NOT NULL,
    admin1_code TEXT, admin2_code TEXT, feature_class TEXT, feature_code TEXT,
    latitude REAL NOT NULL, longitude REAL NOT NULL, population INTEGER NOT NULL DEFAULT 0);
CREATE TABLE names (place_id INTEGER NOT NULL REFERENCES places(id), name TEXT NOT NULL, lang TEXT,
    PRIMARY KEY (place_id, name));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def build(countries: list[str], source: Path | None = None, target: Path | None = None) -> BuildReport:
    """Build the SQLite gazetteer; the active file is replaced only when everything succeeded."""
    countries = [c.strip().upper() for c in countries if c.strip()]
    if not countries or any(len(c) != 2 or not c.isalpha() for c in countries):
        raise InputError(f"--countries must be ISO codes like IQ,SY; got {','.join(countries) or 'nothing'}")
    target = target or active_db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="marsad-geonames-") as tmp:
        src = Path(source) if source else Path(tmp)
        if source is None:
            for cc in countries:
                _download(cc, src)
        elif not src.is_dir():
            raise InputError(f"--from {src}: not a directory")
        fd, tmp_db = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=target.parent)
        os.close(fd)
        skips: list[str] = []
        con = sqlite3.connect(tmp_db)
        try:
            con.executescript(SCHEMA)
            n_places = n_names = n_ar = 0
            for cc in countries:
                dump = _find(src, [f"{cc}.txt", f"{cc}.zip"])
                if dump is None:
                    raise InputError(f"no GeoNames dump for {cc} in {src} (expected {cc}.txt or {cc}.zip)",
                                     hint="download https://download.geonames.org/export/dump/ files or drop --from")
                ids: set[int] = set()
                for gid, name, c, a1, a2, fclass, fcode, lat, lon, pop, alts in read_places(dump, skips):
                    con.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                                (gid, name, c, a1, a2, fclass, fcode, lat, lon, pop))
                    ids.add(gid)
                    for a in {name, *alts}:
                        lang = "ar" if _is_arabic(a) else "en"
                        con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)", (gid, a, lang))
                n_places += len(ids)
                alt = _find(src, [f"alternatenames/{cc}.txt", f"{cc}.alternates.txt", f"{cc}.alternates.zip",
                                  f"alternatenames/{cc}.zip", "alternateNamesV2.txt", "alternateNames.txt"])
                if alt is not None:
                    for gid, name, lang in read_alternates(alt, ids, skips):
                        con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)", (gid, name, lang or None))
            if n_places == 0:
                raise DataError(f"the GeoNames files in {src} hold no usable place for {','.join(countries)}",
                                hint="check that they are GeoNames country dumps (19 tab-separated columns)")
            n_names = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
            n_ar = con.execute("SELECT COUNT(*) FROM names WHERE lang = 'ar'").fetchone()[0]
            meta = {"built": datetime.now(timezone.utc).isoformat(timespec="seconds"), "countries": ",".join(countries),
                    "source": str(source) if source else DOWNLOAD, "places": str(n_places), "names": str(n_names),
                    "licence": "GeoNames (www.geonames.org), CC BY 4.0", "skipped_lines": str(len(skips))}
            con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
            con.commit()
            con.close()
            os.replace(tmp_db, target)        # atomic: the active gazetteer changes only now
        except BaseException:
            try:
                con.close()
            except Exception:
                pass
            for leftover in (tmp_db, tmp_db + "-journal"):
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
            raise
    for s in skips[:20]:
        print(f"gazetteer build: skipped {s}", file=sys.stderr)
    return BuildReport(target, countries, n_places, n_names, n_ar, len(skips))


def read_built(path: Path) -> tuple[dict[str, str], list[tuple], dict[int, list[str]]]:
    """(meta, place rows, Arabic names by place id) of a built gazetteer."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(con.execute("SELECT key, value FROM meta"))
        rows = con.execute("SELECT id, name, country_code, admin1_code, admin2_code, feature_class, feature_code,"
                           " latitude, longitude, population FROM places").fetchall()
        names: dict[int, list[str]] = {}
        for pid, name in con.execute("SELECT place_id, name FROM names WHERE lang = 'ar'"):
            names.setdefault(pid, []).append(name)
        con.close()
        return meta, rows, names
    except sqlite3.DatabaseError as e:
        raise DataError(f"the built gazetteer {path} is unreadable: {e}",
                        hint="run `marsad gazetteer build` again or delete the file") from e
