"""The knowledge files load, follow their schema and stay consistent with each other."""
import json

from marsad.data import ACTOR_COLUMNS, SITE_COLUMNS, data_path, load_lexicon, read_table, versions
from marsad.stages.resources import default_resources

WEAPONS = {"rocket", "missile", "ballistic_missile", "cruise_missile", "drone", "mortar", "ied", "artillery",
           "small_arms", "airstrike", "other"}
TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"}


def test_every_lexicon_has_a_version():
    assert all(v and v != "None" for v in versions().values())


def test_trigger_and_weapon_codes_are_from_the_guidelines():
    assert {e["event_type"] for e in load_lexicon("triggers")["entries"]} <= TYPES
    assert {e["weapon"] for e in load_lexicon("weapons")["entries"]} <= WEAPONS


def test_ids_are_unique_in_every_table():
    for rel, cols in (("actors.csv", ACTOR_COLUMNS), ("places/sites.csv", SITE_COLUMNS)):
        ids = [r["id"] for r in read_table(rel, cols)]
        assert len(ids) == len(set(ids)), rel


def test_sites_have_coordinates_country_and_source():
    for r in read_table("places/sites.csv", SITE_COLUMNS):
        assert r["source"].strip() and r["country"].strip(), r["id"]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        assert 12 < lat < 42 and 25 < lon < 60, r["id"]


def test_site_admin1_values_are_known_governorates():
    g = default_resources().gazetteer
    for r in read_table("places/sites.csv", SITE_COLUMNS):
        if r["admin1"] and r["country"] in ("Iraq", "Syria", "Jordan"):
            assert g.admin1(r["admin1"]) is not None, (r["id"], r["admin1"])


def test_geonames_attribution_ships_with_the_city_table():
    readme = data_path("places/README.md").read_text(encoding="utf-8")
    assert "GeoNames" in readme and "CC BY" in readme


def test_data_dir_override_replaces_a_lexicon(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "numbers.json").write_text(json.dumps(
        {"version": "test", "units": {"واحد": 1}, "tens": {}, "vague": []}), encoding="utf-8")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path))
    load_lexicon.cache_clear()
    try:
        assert load_lexicon("numbers")["version"] == "test"
    finally:
        monkeypatch.delenv("MARSAD_DATA_DIR")
        load_lexicon.cache_clear()
