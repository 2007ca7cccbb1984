"""`marsad gazetteer build` on small GeoNames-format files the test writes itself."""
import json
import subprocess
import sys
import zipfile

import pytest

from marsad.errors import DataError, InputError
from marsad.geo.build import build
from marsad.geo.gazetteer import Gazetteer


def _row(gid, name, lat, lon, fclass, fcode, cc, a1, pop=0, alts=""):
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, cc, "", a1, "", "", "",
            str(pop), "", "0", "Asia/Baghdad", "2020-01-01"]
    return "\t".join(cols)


@pytest.fixture
def dumps(tmp_path):
    src = tmp_path / "geonames"
    (src / "alternatenames").mkdir(parents=True)
    (src / "IQ.txt").write_text("\n".join([
        _row(9000001, "Qaryat al-Tajriba", 33.5, 43.1, "P", "PPL", "IQ", "01", 800),
        _row(9000002, "Camp Tajriba", 33.6, 43.2, "S", "MILB", "IQ", "01"),
        _row(9000003, "Wadi Tajriba", 33.7, 43.3, "H", "WAD", "IQ", "01"),     # not kept: a wadi
    ]) + "\n", encoding="utf-8")
    (src / "alternatenames" / "IQ.txt").write_text("\n".join([
        "1\t9000001\tar\tقرية التجربة\t\t\t\t",
        "2\t9000002\tar\tمعسكر التجربة\t\t\t\t",
        "3\t9000001\tar\tالتجربة القديمة\t\t\t\t1",      # historic: skipped
        "4\t9000003\tar\tوادي التجربة\t\t\t\t",
    ]) + "\n", encoding="utf-8")
    return src


def test_build_from_local_files_keeps_places_and_arabic_names(dumps, tmp_path):
    target = tmp_path / "g.sqlite"
    r = build(["IQ"], dumps, target)
    assert target.exists() and r.places == 2 and r.arabic_names == 2


def test_built_gazetteer_is_used_and_reported(dumps, tmp_path, monkeypatch):
    target = tmp_path / "g.sqlite"
    build(["IQ"], dumps, target)
    monkeypatch.setenv("MARSAD_GAZETTEER", str(target))
    g = Gazetteer()
    assert g.source == f"built:{target}" and g.info()["built"]["countries"] == "IQ"
    village = g.candidates("قرية التجربة")
    assert village and village[0].admin1 == "Al Anbar" and village[0].kind == "city"
    camp = g.candidates("معسكر التجربة")
    assert camp and camp[0].kind == "site" and camp[0].admin2 == "base"
    assert not g.candidates("وادي التجربة")


def test_embedded_gazetteer_is_active_without_a_build(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_GAZETTEER", str(tmp_path / "absent.sqlite"))
    assert Gazetteer().source == "embedded"


def test_zip_dumps_are_read(dumps, tmp_path):
    zdir = tmp_path / "zipped"
    zdir.mkdir()
    with zipfile.ZipFile(zdir / "IQ.zip", "w") as z:
        z.write(dumps / "IQ.txt", "IQ.txt")
    assert build(["IQ"], zdir, tmp_path / "z.sqlite").places == 2


def test_missing_dump_fails_clearly_and_leaves_the_active_file_untouched(dumps, tmp_path):
    target = tmp_path / "g.sqlite"
    build(["IQ"], dumps, target)
    before = target.read_bytes()
    with pytest.raises(InputError, match="no GeoNames dump for SY"):
        build(["IQ", "SY"], dumps, target)
    assert target.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gazetteer-")]


def test_corrupt_files_fail_clearly_and_leave_the_active_file_untouched(tmp_path, dumps):
    target = tmp_path / "g.sqlite"
    build(["IQ"], dumps, target)
    before = target.read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "IQ.zip").write_bytes(b"this is not a zip")
    with pytest.raises(DataError, match="not a valid zip"):
        build(["IQ"], bad, target)
    (bad / "IQ.zip").unlink()
    (bad / "IQ.txt").write_text("garbage without tabs\n", encoding="utf-8")
    with pytest.raises(DataError, match="no usable place"):
        build(["IQ"], bad, target)
    assert target.read_bytes() == before


def test_bad_country_codes_are_rejected(tmp_path):
    with pytest.raises(InputError, match="ISO codes"):
        build(["Iraq"], tmp_path, tmp_path / "g.sqlite")


def test_cli_build_and_info(dumps, tmp_path):
    env_target = tmp_path / "cli.sqlite"
    import os
    env = dict(os.environ, MARSAD_GAZETTEER=str(env_target))
    r = subprocess.run([sys.executable, "-m", "marsad.cli", "gazetteer", "build", "--countries", "IQ",
                        "--from", str(dumps)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["places"] == 2
    r = subprocess.run([sys.executable, "-m", "marsad.cli", "gazetteer", "info"], capture_output=True, text=True, env=env)
    info = json.loads(r.stdout)
    assert info["source"].startswith("built:") and info["built"]["places"] == "2"
    r = subprocess.run([sys.executable, "-m", "marsad.cli", "gazetteer", "build", "--countries", "SY",
                        "--from", str(dumps)], capture_output=True, text=True, env=env)
    assert r.returncode == 3 and "no GeoNames dump for SY" in r.stderr
