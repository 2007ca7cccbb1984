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


PG_ENV = "MARSAD_TEST_POSTGRES_URL"


def postgres_url_or_skip() -> str:
    """The PostgreSQL server for store tests ($MARSAD_TEST_POSTGRES_URL), or skip (fail under .ci/run)."""
    url = os.environ.get(PG_ENV)
    if not url:
        msg = (f"PostgreSQL store tests need {PG_ENV}, e.g. postgresql://postgres@127.0.0.1:5432/test "
               "(a server with a database you may create schemas in)")
        if os.environ.get("MARSAD_REQUIRE_POSTGRES") == "1":
            pytest.fail(msg + " [MARSAD_REQUIRE_POSTGRES=1]")
        pytest.skip(msg)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store URL on each backend: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'marsad.db'}"
        return
    import uuid

    from sqlalchemy import create_engine, text

    from marsad.store.database import database_url
    base = database_url(postgres_url_or_skip())
    schema = f"marsad_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base)
    try:
        with engine.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as e:  # noqa: BLE001 - the server is down or refuses: say so plainly
        pytest.fail(f"cannot create a schema on {PG_ENV}={base}: {e}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
