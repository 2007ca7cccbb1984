"""Schemathesis over the OpenAPI schema: generated requests to every endpoint, zero server errors.

Runs against the app in process (ASGI) on a store built here, with the write endpoint enabled
so that it is fuzzed too (with and without the token).
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from marsad.api import Settings, create_app  # noqa: E402
from marsad.ingest import run_ingest  # noqa: E402

from ..conftest import ROOT  # noqa: E402

pytestmark = pytest.mark.slow


def _app(tmp_dir):
    db = tmp_dir / "fuzz.db"
    run_ingest([str(ROOT / "src/marsad/samples/sample.jsonl")], str(db))
    return create_app(Settings(db=str(db), token="fuzz-token"))


import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

APP = _app(Path(tempfile.mkdtemp(prefix="marsad-fuzz-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case):
    headers = {"Authorization": "Bearer fuzz-token"} if case.method == "POST" else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
