"""The gazetteer: every place name marsad knows, with one lookup API.

The embedded default ships in the package (`data/places/`): GeoNames cities
(CC BY 4.0, "GeoNames (www.geonames.org)") with their Arabic alternate names,
first-level administrative units, countries, and a curated file of strategic
sites (bases, airports, fields, crossings, districts) that no gazetteer has.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from ..data import (ADMIN1_COLUMNS, ADMIN2_COLUMNS, ADMIN3_COLUMNS, CITY_COLUMNS, SITE_COLUMNS, data_path, read_table,
                    split_names)
from ..errors import DataError
from ..model import Place
from ..text.matcher import LexiconMatcher
from ..text.normalize import normalize

BUILT_SITE_KINDS = {"MILB": "base", "AIRB": "base", "AIRF": "airport", "AIRP": "airport", "DAM": "dam",
                    "CMP": "camp", "CMPRF": "camp", "PRN": "prison", "OILF": "oilfield", "GASF": "gasfield",
                    "OILR": "facility", "PSTB": "border_crossing", "INSM": "base", "FT": "base"}
STOP_DF = 0.008     # share of off-topic articles above which a small town's name is a plain word
STRONG_DF = 0.003   # above this, a name needs "مدينة/بلدة/قرية X" (or to be listed with other places)
COUNTRY_COLUMNS = ["code", "name", "names_ar", "names_en_alt", "latitude", "longitude", "source"]


def ascii_name(name: str) -> str:
    """GeoNames' 'Dūmā', 'Al Qā’im' -> 'Duma', "Al Qa'im": the plain spelling datasets use."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return folded.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("ʻ", "'")


def _kafr_variant(name: str) -> str | None:
    k = normalize(name)
    if k.startswith("كفر ") and len(k) > 6:
        return k.replace("كفر ", "كفر", 1)
    if k.startswith("كفر") and len(k) > 5 and k[3] != " " and " " not in k[3:5]:
        return "كفر " + k[3:]
    return None


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


class Gazetteer:
    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.names: dict[str, list[str]] = defaultdict(list)   # normalised name -> place ids
        self.country_names: dict[str, str] = {}                 # ISO2 -> English name
        self.admin1_by_code: dict[str, Place] = {}              # "IQ.01" -> admin1 place
        self.admin1_by_name: dict[str, Place] = {}              # normalised English name -> place
        self.stopnames: set[str] = set()  # city names that are very common words: dropped
        self.guarded: set[str] = set()    # names that are also common words: need a locative context
        self.strong_guarded: set[str] = set()   # frequent words: need an explicit place noun ("مدينة X")
        self.word_df: dict[str, float] = {}     # share of off-topic articles using the name as a word
        self.weak_ok: set[str] = set()
        self.unguarded: set[str] = set()
        self.source = "embedded"
        self.built_meta: dict[str, str] = {}
        self.embedded_names: set[str] = set()
        self._load()
        self.strong_guarded -= self.weak_ok
        self.strong_guarded -= self.unguarded
        self.guarded -= self.unguarded
        self.matcher = LexiconMatcher((name, name, False) for name in self.names)

    # -- loading -------------------------------------------------------------
    def _add(self, place: Place, names: list[str]) -> None:
        self.places[place.id] = place
        if place.kind == "city":
            # Levantine "كفر X" villages are written both spaced and joined (كفر كلا / كفركلا)
            names = names + [v for v in map(_kafr_variant, names) if v]
        for n in names:
            k = normalize(n)
            if len(k) < 3:
                continue
            df = self.word_df.get(k, 0.0)
            if df and place.kind == "city":
                # a GeoNames name that is also an ordinary word: drop it, or ask for context,
                # by how common the word is and how important the place
                core_town = place.country in ("Iraq", "Syria") and place.population >= 10000
                if df >= 1.0 or (df >= STOP_DF and place.population < 50000 and not core_town):
                    continue
                core_city = (place.country in ("Iraq", "Syria", "Jordan", "Lebanon") and place.population >= 50000) \
                    or core_town
                if core_city and place.population >= 500000 and df < 1.0:
                    self.unguarded.add(k)    # Baghdad, Basra, Aleppo: a major city is its name
                if core_city or df < STRONG_DF:
                    self.guarded.add(k)
                    self.weak_ok.add(k)      # one important place with this name: a plain "في X" is enough
                else:
                    self.strong_guarded.add(k)
            elif df:
                self.guarded.add(k)
                self.weak_ok.add(k)          # a curated site or governorate: "في X" is enough
            if len(k.replace(" ", "")) <= 3 and place.kind == "city" and place.population < 100000:
                self.guarded.add(k)     # very short names collide with words: need a place context
            if place.id not in self.names[k]:
                self.names[k].append(place.id)

    def _load(self) -> None:
        lines: list[str] = []
        for rel in ("places/stopnames.txt", "places/stopnames_extra.txt"):
            if data_path(rel).exists():
                lines += data_path(rel).read_text(encoding="utf-8").splitlines()
        if lines:
            for line in lines:
                name = normalize(line.split("#")[0])
                if not name:
                    continue
                m = re.search(r"df=([0-9.]+)", line)
                df = float(m.group(1)) if m else 1.0
                # very common words are never town names in news; the rest need a locative context
                self.word_df[name] = max(df, self.word_df.get(name, 0.0))
        for r in read_table("places/countries.csv", COUNTRY_COLUMNS):
            self.country_names[r["code"]] = r["name"]
            p = Place(f"country:{r['code']}", r["name"], r["name"], None, _float(r["latitude"]),
                      _float(r["longitude"]), "country", 3)
            self._add(p, split_names(r["names_ar"]) + split_names(r["names_en_alt"]) + [r["name"]])
        if data_path("places/admin1.csv").exists():
            for r in read_table("places/admin1.csv", ADMIN1_COLUMNS):
                cc = r["country_code"]
                p = Place(f"admin1:{cc}.{r['admin1_code']}", r["name"], self.country_names.get(cc, cc), r["name"],
                          _float(r["latitude"]), _float(r["longitude"]), "admin1", 3)
                self.admin1_by_code[f"{cc}.{r['admin1_code']}"] = p
                self.admin1_by_name[normalize(r["name"])] = p
                for alt in split_names(r["names_en_alt"]):
                    self.admin1_by_name[normalize(alt)] = p
                names = split_names(r["names_ar"])
                self._add(p, names + ["محافظه " + n for n in names])
        rules = json.loads(data_path("places/gazetteer.json").read_text(encoding="utf-8"))
        core = set(rules["core_countries"])
        min_pop = int(rules["min_population_outside_core"])
        if data_path("places/cities.tsv").exists():
            for r in read_table("places/cities.tsv", CITY_COLUMNS, delimiter="\t"):
                cc = r["country_code"]
                if cc not in core and int(r["population"] or 0) < min_pop:
                    continue
                a1 = self.admin1_by_code.get(f"{cc}.{r['admin1_code']}")
                p = Place(f"geonames:{r['geonameid']}", ascii_name(r["name"]), self.country_names.get(cc, cc),
                          a1.name if a1 else None, _float(r["latitude"]), _float(r["longitude"]), "city", 1,
                          population=int(r["population"] or 0))
                self._add(p, split_names(r["names_ar"]))
        self.admin2_units: list[tuple[str, str, float, float]] = []   # (country, admin1 name, admin2 name, lat, lon)
        if data_path("places/admin2.csv").exists():
            for r in read_table("places/admin2.csv", ADMIN2_COLUMNS):
                a1 = self.admin1_by_code.get(f"{r['country_code']}.{r['admin1_code']}")
                lat, lon = _float(r["latitude"]), _float(r["longitude"])
                if a1 is not None and lat is not None and lon is not None:
                    self.admin2_units.append((a1.name, r["name"], lat, lon))
                    # a district named on its own ("قضاء سنجار") is a place of precision 2
                    pid = f"admin2:{r['country_code']}.{r['admin1_code']}.{r['admin2_code']}"
                    p = Place(pid, r["name"], a1.country, a1.name, lat, lon, "admin2", 2, admin2=r["name"])
                    names = split_names(r["names_ar"])
                    self._add(p, ["قضاء " + n for n in names] + ["منطقة " + n for n in names])
        self.embedded_names = set(self.names)
        self._load_built()
        if data_path("places/sites.csv").exists():
            for r in read_table("places/sites.csv", SITE_COLUMNS):
                p = Place(r["id"], r["name"], r["country"], r["admin1"] or None, _float(r["latitude"]),
                          _float(r["longitude"]), "site", int(r["precision"] or 1))
                p.admin2 = r["kind"]          # the site kind, shown in provenance
                self._add(p, split_names(r["names_ar"]))
        self._load_aliases()
        self._load_admin3()    # last: a bare sub-district name only where no other place has it

    def _load_admin3(self) -> None:
        """Iraqi sub-districts (nahiya): "ناحية X" always; a bare "X" only when no other place has that
        name and it is not a common word, and then only after a locative ("في X")."""
        if not data_path("places/admin3.csv").exists():
            return
        for r in read_table("places/admin3.csv", ADMIN3_COLUMNS):
            a1 = self.admin1_by_code.get(f"{r['country_code']}.{r['admin1_code']}")
            lat, lon = _float(r["latitude"]), _float(r["longitude"])
            if a1 is None or lat is None or lon is None:
                continue
            p = Place(f"admin3:{r['pcode']}", r["name"], a1.country, a1.name, lat, lon, "admin3", 2,
                      admin2=r["admin2"])
            names = split_names(r["names_ar"])
            self._add(p, ["ناحيه " + n for n in names])
            for n in names:
                k = normalize(n)
                if k not in self.names and k not in self.word_df and len(k.replace(" ", "")) > 3:
                    self._add(p, [n])
                    self.guarded.add(k)

    def _load_aliases(self) -> None:
        """Extra press spellings of places already in the gazetteer (aliases.csv)."""
        if not data_path("places/aliases.csv").exists():
            return
        for r in read_table("places/aliases.csv", ["place_id", "name_ar", "source"]):
            p = self.places.get(r["place_id"])
            if p is None:
                raise DataError(f"places/aliases.csv names {r['place_id']!r}, which is not in the gazetteer",
                                hint="fix the id or add the place to sites.csv")
            self._add(p, [r["name_ar"]])

    def _load_built(self) -> None:
        """Add the places of a gazetteer built with `marsad gazetteer build`, when one exists."""
        from .build import active_db_path, read_built
        path = active_db_path()
        if not path.exists():
            return
        meta, rows, names = read_built(path)
        self.source = f"built:{path}"
        self.built_meta = meta
        for gid, name, cc, a1, a2, fclass, fcode, lat, lon, pop in rows:
            pid = f"geonames:{gid}"
            arabic = names.get(gid, [])
            if pid in self.places:             # already embedded: only add spellings
                self._add(self.places[pid], arabic)
                continue
            if fclass == "A":
                continue                       # governorates come from admin1.csv
            a1p = self.admin1_by_code.get(f"{cc}.{a1}")
            kind = "site" if fclass != "P" else "city"
            p = Place(pid, ascii_name(name), self.country_names.get(cc, cc), a1p.name if a1p else None,
                      lat, lon, kind, 1, population=int(pop or 0))
            if kind == "site":
                p.admin2 = BUILT_SITE_KINDS.get(fcode, "landmark")
            self._add(p, arabic)
            for n in arabic:
                k = normalize(n)
                if k not in self.embedded_names:
                    self.guarded.add(k)     # a village from the full dump: only after "في/قرب/قرية ..."

    # -- lookup --------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        return [self.places[i] for i in self.names.get(normalize(name), [])]

    def admin2_of(self, place: Place) -> tuple[str | None, str]:
        """The district of a point: the nearest district centroid inside the point's governorate.

        An approximation (no polygons ship with marsad: the OCHA boundaries' licence does not
        allow it), recorded as such in provenance.
        """
        if place.kind == "admin2":
            return place.admin2, "admin2.named"
        if place.kind == "admin3":
            return place.admin2, "admin2.of_subdistrict"
        if place.kind in ("admin1", "country") or place.latitude is None or not place.admin1:
            return None, "admin2.not_applicable"
        from .linking import km
        best = None
        for a1, name, lat, lon in self.admin2_units:
            if a1 != place.admin1:
                continue
            d = km(place.latitude, place.longitude, lat, lon)
            if best is None or d < best[0]:
                best = (d, name)
        if best is None:
            return None, "admin2.unknown"
        return best[1], f"admin2.nearest_centroid_in_admin1 ({best[0]:.0f} km)"

    def admin1(self, name: str | None) -> Place | None:
        return self.admin1_by_name.get(normalize(name)) if name else None

    def country_code(self, country_name: str | None) -> str | None:
        for code, n in self.country_names.items():
            if n == country_name:
                return code
        return None

    def info(self) -> dict[str, object]:
        kinds: dict[str, int] = defaultdict(int)
        for p in self.places.values():
            kinds[p.kind] += 1
        out: dict[str, object] = {"source": self.source, "places": len(self.places), "names": len(self.names), **kinds}
        if self.built_meta:
            out["built"] = self.built_meta
        return out


def rank(place: Place) -> int:
    """Specificity: lower is more precise (site < city < admin1 < country)."""
    return {"site": 0, "city": 1, "region": 2, "admin3": 2, "admin2": 2, "admin1": 3, "country": 4}.get(place.kind, 5)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
