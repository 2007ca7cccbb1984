"""Shared fixtures. Tests that need ../shared skip when it is absent, unless
MARSAD_REQUIRE_SHARED=1 (set by .ci/run), which turns the skip into a failure."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))


def need_shared(*relative: str) -> Path:
    """Return ../shared (or MARSAD_SHARED); skip, or fail in CI, when a needed file is missing."""
    missing = [r for r in relative if not (SHARED / r).exists()]
    if missing:
        msg = f"needs ../shared ({', '.join(missing)} not found under {SHARED}); set MARSAD_SHARED to its path"
        if os.environ.get("MARSAD_REQUIRE_SHARED") == "1":
            pytest.fail(msg + " [MARSAD_REQUIRE_SHARED=1]")
        pytest.skip(msg)
    return SHARED


@pytest.fixture(autouse=True, scope="session")
def _no_user_gazetteer(tmp_path_factory):
    """Tests run on the embedded gazetteer, whatever the user has built."""
    import os
    old = os.environ.get("MARSAD_GAZETTEER")
    os.environ["MARSAD_GAZETTEER"] = str(tmp_path_factory.mktemp("gaz") / "none.sqlite")
    yield
    if old is None:
        os.environ.pop("MARSAD_GAZETTEER", None)
    else:
        os.environ["MARSAD_GAZETTEER"] = old


@pytest.fixture(scope="session")
def pipeline():
    from marsad import Pipeline
    return Pipeline()


@pytest.fixture
def run(pipeline):
    """Run the pipeline over one made-up text; return the processed DocResult."""
    from marsad.model import Article

    def _run(text: str, published: str | None = "2024-02-03", doc_id: str = "t1"):
        r = pipeline.process([Article(id=doc_id, text=text, published=published)])[0]
        assert r.rejection is None, r.rejection
        return r
    return _run
