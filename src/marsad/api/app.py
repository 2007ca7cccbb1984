"""The REST API and the dashboard (FastAPI): read-only over the event store, one write endpoint
behind a token.

`create_app(db)` is the library entry; `marsad serve` runs it with uvicorn on 127.0.0.1.
Errors always have one shape: {"error": {"code": "...", "message": "..."}}.
"""
import hmac
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import load_config
from ..store import Store
from . import queries as q

log = logging.getLogger("marsad.api")
MAX_PAGE = 500
DATE = r"^\d{4}-\d{2}-\d{2}$"
EXPORT_TYPES = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
                "geojson": ("application/geo+json", "geojson"), "parquet": ("application/vnd.apache.parquet", "parquet")}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


@dataclass
class Settings:
    db: str | None = None
    token: str | None = None                       # enables POST /api/articles
    cors_origins: list[str] = field(default_factory=list)
    tile_url: str | None = None                    # an online basemap; offline boundaries otherwise
    max_body_bytes: int = 5_000_000
    config: dict | None = None


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class Health(BaseModel):
    status: str
    version: str
    events: int


class ArticleIn(BaseModel):
    id: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, pattern=DATE)
    url: str | None = None
    outlet: str | None = None
    language: str | None = None


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=500)


ERRORS = {400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def filters(since: Annotated[str | None, Query(pattern=DATE, description="events on or after")] = None,
            until: Annotated[str | None, Query(pattern=DATE, description="events on or before")] = None,
            country: Annotated[str | None, Query(max_length=100)] = None,
            admin1: Annotated[str | None, Query(max_length=100)] = None,
            location: Annotated[str | None, Query(max_length=200)] = None,
            actor: Annotated[str | None, Query(max_length=200, description="actor1 or actor2")] = None,
            event_type: Annotated[str | None, Query(max_length=60)] = None,
            sub_event_type: Annotated[str | None, Query(max_length=60)] = None,
            claim_status: Annotated[Literal["reported", "claimed", "confirmed", "denied"] | None, Query()] = None,
            weapon: Annotated[str | None, Query(max_length=60)] = None,
            bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat",
                                              pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$")] = None,
            q_: Annotated[str | None, Query(alias="q", max_length=200, description="text in the evidence")] = None,
            aggregates: Literal["include", "exclude", "only"] = "include") -> q.EventFilter:
    box = None
    if bbox:
        x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            raise ApiError(400, "invalid_request", "bbox must be min_lon,min_lat,max_lon,max_lat")
        box = (x0, y0, x1, y1)
    return q.EventFilter(since, until, country, admin1, location, actor, event_type, sub_event_type,
                         claim_status, weapon, box, q_, aggregates)



Filters = Annotated[q.EventFilter, Depends(filters)]


def _json(data: Any) -> Response:
    """Serialised once with json.dumps: the hot endpoints skip FastAPI's re-validation of big pages."""
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                    media_type="application/json")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    s = settings or Settings()
    cfg = s.config or load_config()
    store = Store.open(s.db, write=False)
    # no /docs or /redoc: FastAPI's pages load their scripts from a CDN, and marsad works offline;
    # the schema is at /openapi.json
    app = FastAPI(title="marsad", version=__version__, docs_url=None, redoc_url=None,
                  description="Political-violence events and statements extracted from Arabic news, "
                              "deduplicated across outlets, each with its verbatim evidence and sources.")
    app.state.store = store
    app.state.settings = s

    # -- errors: one shape ---------------------------------------------------------
    @app.exception_handler(ApiError)
    async def _api_error(_req, e: ApiError):
        return _error(e.status, e.code, e.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_req, e: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 413: "too_large"}
        return _error(e.status_code, codes.get(e.status_code, "http_error"), str(e.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req, e: RequestValidationError):
        parts = ["{}: {}".format(".".join(str(x) for x in err.get("loc", ())), err.get("msg")) for err in e.errors()]
        return _error(422, "invalid_request", "; ".join(parts)[:2000])

    @app.exception_handler(Exception)
    async def _crash(_req, e: Exception):
        log.exception("internal error")
        return _error(500, "internal_error", f"{type(e).__name__}: the server failed on this request")

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > s.max_body_bytes:
            return _error(413, "too_large", f"the request body is over {s.max_body_bytes:,} bytes")
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path == "/" or request.url.path.startswith("/static/"):
            tiles = ""
            if s.tile_url:
                from urllib.parse import urlsplit
                u = urlsplit(s.tile_url.replace("{s}", "a"))
                tiles = f" {u.scheme}://{u.netloc.replace('a.', '*.', 1)}"
            resp.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; script-src 'self'; style-src 'self'; "
                                    f"img-src 'self' data:{tiles}; connect-src 'self'; object-src 'none'; "
                                    "base-uri 'none'; frame-ancestors 'none'")
        return resp

    if s.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=s.cors_origins, allow_methods=["GET"])

    # -- read API --------------------------------------------------------------------

    canon = _Canonical(store)
    stats_cache = _TTLCache(seconds=30.0, size=512)

    def canonical(f: q.EventFilter) -> q.EventFilter:
        f.country = canon.get("country", f.country)
        f.admin1 = canon.get("admin1", f.admin1)
        return f

    @app.get("/healthz", response_model=Health, tags=["meta"])
    def healthz() -> dict:
        return {"status": "ok", "version": __version__, "events": store.count("events")}

    @app.get("/api/events", response_model=Page, responses=ERRORS, tags=["events"])
    def list_events(f: Filters, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                    cursor: Annotated[str | None, Query(max_length=500)] = None,
                    sort: Literal["date", "-date"] = "-date") -> dict:
        with store.engine.connect() as conn:
            try:
                return _json(q.page_events(conn, canonical(f), limit=limit, cursor=cursor, sort=sort))
            except (ValueError, TypeError, UnicodeDecodeError) as e:
                raise ApiError(400, "invalid_cursor", "the cursor is not one this API returned") from e

    @app.get("/api/events/{event_id}", responses=ERRORS, tags=["events"])
    def get_event(event_id: Annotated[str, PathParam(max_length=64)]) -> dict:
        return _one(q.event_detail, event_id, "event")

    @app.get("/api/reports/{report_id}/context", responses=ERRORS, tags=["events"])
    def report_context(report_id: Annotated[str, PathParam(max_length=64)]) -> dict:
        """The report's evidence inside its article's text, with the spans to highlight."""
        return _one(q.article_context, report_id, "report")

    def _one(query, key: str, what: str) -> dict:
        with store.engine.connect() as conn:
            found = query(conn, key)
        if found is None:
            raise ApiError(404, "not_found", f"no {what} {key!r}")
        return found

    @app.get("/api/statements", response_model=Page, responses=ERRORS, tags=["statements"])
    def list_statements(since: Annotated[str | None, Query(pattern=DATE)] = None,
                        until: Annotated[str | None, Query(pattern=DATE)] = None,
                        type: Annotated[str | None, Query(max_length=40)] = None,  # noqa: A002 - the API's name
                        actor: Annotated[str | None, Query(max_length=200)] = None,
                        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                        cursor: Annotated[str | None, Query(max_length=500)] = None) -> dict:
        with store.engine.connect() as conn:
            try:
                return q.page_statements(conn, since=since, until=until, type_=type, actor=actor, limit=limit,
                                         cursor=cursor)
            except (ValueError, TypeError, UnicodeDecodeError) as e:
                raise ApiError(400, "invalid_cursor", "the cursor is not one this API returned") from e

    @app.get("/api/actors", responses=ERRORS, tags=["events"])
    def list_actors(f: Filters, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> list[dict]:
        with store.engine.connect() as conn:
            return q.actors(conn, canonical(f), limit)

    @app.get("/api/stats", responses=ERRORS, tags=["events"])
    def get_stats(f: Filters, interval: Literal["day", "week"] = "day") -> dict:
        """Counts for the filter (cached for up to 30 s: a dashboard asks the same question often)."""
        f = canonical(f)
        key = (repr(f), interval)
        hit = stats_cache.get(key)
        if hit is None:
            with store.engine.connect() as conn:
                hit = stats_cache.put(key, _json(q.stats(conn, f, interval)).body)
        return Response(hit, media_type="application/json")

    @app.get("/api/export", responses=ERRORS, tags=["events"],
             response_class=Response, description="The filtered events as a file (streamed).")
    def export(f: Filters, format: Literal["acled-csv", "jsonl", "geojson", "parquet"] = "acled-csv"):  # noqa: A002
        from ..io.writers import export_events
        media, ext = EXPORT_TYPES[format]
        fd, tmp = tempfile.mkstemp(prefix="marsad-export-", suffix="." + ext)
        os.close(fd)
        path = Path(tmp)
        with store.engine.connect() as conn:
            from sqlalchemy import select

            from ..model import event_from_dict
            rows = conn.execution_options(yield_per=2000).execute(
                select(q.E.record).where(canonical(f).where()).order_by(q.E.event_date, q.E.id))
            export_events(path, (event_from_dict(json.loads(r.record)) for r in rows), format)
        return FileResponse(path, media_type=media, filename=f"marsad-events.{ext}",
                            background=BackgroundTask(path.unlink, missing_ok=True))

    # -- write API (only with a token) ---------------------------------------------------
    if s.token:
        @app.post("/api/articles", status_code=201, responses={401: {"model": ErrorResponse}, **ERRORS},
                  tags=["write"])
        def post_articles(body: ArticlesIn, request: Request) -> dict:
            auth = request.headers.get("authorization", "")
            given = auth[7:] if auth.lower().startswith("bearer ") else ""
            if not given or not hmac.compare_digest(given.encode(), s.token.encode()):
                raise ApiError(401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required")
            return _ingest_posted(s, cfg, body)

    # -- dashboard ----------------------------------------------------------------------
    static = resources.files("marsad.api").joinpath("static")
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=str(static)), name="static")

        @app.get("/", include_in_schema=False)
        def dashboard():
            return FileResponse(str(static.joinpath("index.html")), media_type="text/html; charset=utf-8")

        @app.get("/api/places/admin1", include_in_schema=False)
        def governorates() -> list[dict]:
            """Governorate centroids and names for the offline basemap's labels."""
            from ..data import ADMIN1_COLUMNS, read_table, split_names
            out = []
            for r in read_table("places/admin1.csv", ADMIN1_COLUMNS):
                if r["latitude"] and r["longitude"] and r["country_code"] in ("IQ", "SY", "JO", "LB"):
                    ar = split_names(r["names_ar"])
                    out.append({"name": r["name"], "name_ar": ar[0] if ar else r["name"],
                                "latitude": float(r["latitude"]), "longitude": float(r["longitude"])})
            return out

        @app.get("/api/config", include_in_schema=False)
        def dashboard_config() -> dict:
            return {"tile_url": s.tile_url, "version": __version__, "write_enabled": bool(s.token)}

    return app


def app_from_env() -> FastAPI:
    """An app from $MARSAD_SERVE_SETTINGS (JSON): what each uvicorn worker process builds."""
    d = json.loads(os.environ["MARSAD_SERVE_SETTINGS"])
    return create_app(Settings(db=d.get("db"), token=os.environ.get("MARSAD_API_TOKEN") or d.get("token"),
                               cors_origins=d.get("cors_origins") or [], tile_url=d.get("tile_url")))


class _TTLCache:
    """A small time-limited cache (results of read queries over a store that changes slowly)."""

    def __init__(self, seconds: float, size: int):
        import threading
        self.seconds, self.size = seconds, size
        self._d: dict = {}
        self._lock = threading.Lock()

    def get(self, key):
        import time
        with self._lock:
            v = self._d.get(key)
            if v is None or time.monotonic() - v[0] > self.seconds:
                return None
            return v[1]

    def put(self, key, value):
        import time
        with self._lock:
            if len(self._d) >= self.size:
                self._d.clear()
            self._d[key] = (time.monotonic(), value)
        return value


class _Canonical:
    """Maps a filter value to the spelling stored ("iraq" -> "Iraq") so queries can use indexes."""

    def __init__(self, store: Store):
        self.store = store
        self._cache = _TTLCache(seconds=60.0, size=8)

    def get(self, column: str, value: str | None) -> str | None:
        if not value:
            return value
        known = self._cache.get(column)
        if known is None:
            from sqlalchemy import select
            col = getattr(q.E, column)
            with self.store.engine.connect() as conn:
                known = self._cache.put(column, {str(v).lower(): v for (v,) in conn.execute(select(col).distinct())
                                                 if v is not None})
        return known.get(value.lower(), value)


def _ingest_posted(s: Settings, cfg: dict, body: ArticlesIn) -> dict:
    from ..ingest import ingest_items
    from ..io.readers import record_to_article
    from ..model import Article, Rejection
    items: list[Article | Rejection] = []
    for i, a in enumerate(body.articles):
        rec = {k: v for k, v in a.model_dump().items() if v is not None}
        rec.setdefault("id", f"posted-{i}")
        items.extend(record_to_article(rec, f"body.articles[{i}]", cfg))
    arts = [x for x in items if isinstance(x, Article)]
    with Store.open(s.db, config=cfg) as store:
        run_id = store.start_run("api", ["POST /api/articles"], cfg)
        res = ingest_items(store, items, cfg, run_id=run_id)
        store.finish_run(run_id, "finished", dict(res.__dict__))
        from sqlalchemy import select

        from ..store import schema as t
        with store.engine.connect() as conn:
            ids = sorted({r.event_id for r in conn.execute(
                select(t.reports.c.event_id).where(t.reports.c.article_id.in_([a.id for a in arts])))
                if r.event_id})
    return {"stored": res.stored, "already_stored": res.already_stored, "rejected": res.rejected,
            "rejected_by_reason": res.rejected_by_reason, "article_ids": [a.id for a in arts], "event_ids": ids}
