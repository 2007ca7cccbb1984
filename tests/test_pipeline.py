import pytest

from marsad import Pipeline, extract
from marsad.config import load_config
from marsad.model import Article
from marsad.errors import ConfigError


def test_misordered_stages_fail_at_start_up():
    with pytest.raises(ConfigError, match="needs"):
        Pipeline(stages=["events", "normalize"])


def test_unknown_stage_is_named():
    with pytest.raises(ConfigError, match="unknown stage 'nope'"):
        Pipeline(stages=["nope"])


def test_user_config_overrides_defaults(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[input]\nmax_document_bytes = 10\n")
    assert load_config(p)["input"]["max_document_bytes"] == 10


def test_a_failing_stage_rejects_only_that_document(monkeypatch):
    from marsad import pipeline as pl
    pipe = Pipeline()
    orig = pl.STAGES["events"]

    def boom(doc, res, cfg):
        if doc.id == "bad":
            raise RuntimeError("boom")
        orig.func(doc, res, cfg)
    monkeypatch.setitem(pl.STAGES, "events", pl.Stage("events", boom, orig.requires, orig.assigns))
    text = "قصفت طائرات حربية بلدة دوما أمس."
    rs = pipe.process([Article("bad", text, published="2024-01-02"), Article("good", text, published="2024-01-02")])
    assert rs[0].rejection.reason == "stage_error" and "boom" in rs[0].rejection.message
    assert rs[1].rejection is None and rs[1].events


def test_non_arabic_is_rejected_as_unsupported_language():
    [r] = Pipeline().process([Article("en", "A drone struck a base near Erbil airport today, officials said.")])
    assert r.rejection.reason == "unsupported_language"


def test_library_extract_on_plain_texts():
    events, statements = extract(["قصفت طائرات حربية بلدة دوما أمس."], published="2024-01-02")
    assert events[0].location == "Duma" and events[0].event_date == "2024-01-01"


def test_library_extract_can_be_called_twice():
    import marsad
    first = marsad.extract(["قصفت طائرات حربية بلدة دوما أمس."], published="2024-01-02")
    second = marsad.extract(["قصفت طائرات حربية بلدة دوما أمس."], published="2024-01-02")
    assert callable(marsad.extract) and len(first[0]) == len(second[0]) == 1
