"""The `marsad` command: a thin shell over the library.

Exit codes: 0 success (some records may be rejected: see rejected.jsonl);
1 internal error; 2 bad usage or config; 3 input unusable; 4 knowledge data
file invalid; 5 every record rejected; 6 event store unusable; 7 fetch failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_CODES, MarsadError

EPILOG = "Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items())


def _fail(e: MarsadError) -> None:
    click.echo(json.dumps({"error": e.to_dict()}, ensure_ascii=False), err=True)
    sys.exit(e.exit_code)


def _run_with_progress(progress: bool | None, desc: str, job):
    """Run job(tick) with a progress bar on stderr (default: when it is a terminal); errors -> _fail."""
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    try:
        if show:
            from tqdm import tqdm
            bar = tqdm(unit="doc", desc=desc, file=sys.stderr)
        return job(bar.update if bar else None)
    except MarsadError as e:
        _fail(e)
    finally:
        if bar:
            bar.close()


@click.group(epilog=EPILOG)
@click.version_option(__version__, prog_name="marsad")
def main() -> None:
    """marsad: turn Arabic news into a sourced dataset of political-violence events and statements."""


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (created): events.jsonl, statements.jsonl, events.csv, events.geojson, "
                   "rejected.jsonl, run.json.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none (relative dates resolve against it).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.option("--config", "config", default=None, type=click.Path(dir_okay=False),
              help="TOML file overriding the packaged defaults (also $MARSAD_CONFIG).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: this machine's processes (--jobs); spark: a Spark cluster (pip install 'marsad[spark]'), "
                   "reading JSONL or Parquet, also writing events_parquet/ partitioned by month.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master (default: $MARSAD_SPARK_MASTER or local[2]).")
def extract(inputs, out, published, jobs, config, progress, engine, master):
    """Extract events and statements from INPUTS.

    INPUTS are .txt files (first non-empty line is the title), .html files,
    .jsonl files (records with id, text or html, and optional title,
    published, url, outlet, language), directories (read recursively) or '-'
    for JSONL on standard input.
    """
    from .runner import run_extract
    summary = _run_with_progress(progress, "extract", lambda tick: run_extract(
        list(inputs), out, published=_published_option(published), jobs=jobs, config_path=config, progress=tick,
        engine=engine, master=master))
    c = summary["counts"]
    click.echo(f"{c['records']} records: {c['extracted']} extracted, {c['rejected']} rejected; "
               f"{c['events']} events, {c['aggregates']} aggregates, {c['statements']} statements -> {out}",
               err=True)


@main.group()
def data() -> None:
    """Inspect the knowledge files (lexicons, actors, gazetteer)."""


@data.command("check")
def data_check():
    """Load and validate every data file; print their versions and sizes."""
    try:
        from .data import versions
        from .stages.resources import default_resources
        res = default_resources()
        click.echo(json.dumps({"lexicons": versions(), "actors": len(res.actors),
                               "gazetteer": res.gazetteer.info()}, ensure_ascii=False, indent=1))
    except MarsadError as e:
        _fail(e)


@main.group()
def gazetteer() -> None:
    """Build and inspect the gazetteer (GeoNames + curated sites)."""


@gazetteer.command("build", epilog=EPILOG)
@click.option("--countries", default="IQ,SY,JO", show_default=True,
              help="Comma-separated ISO country codes to build.")
@click.option("--from", "source", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Directory with GeoNames dumps already downloaded (CC.txt or CC.zip, and "
                   "alternatenames/CC.txt, CC.alternates.txt or alternateNamesV2.txt). "
                   "Without it, the dumps are downloaded from GeoNames.")
@click.option("--out", "target", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the SQLite gazetteer (default: $MARSAD_GAZETTEER or "
                   "$MARSAD_HOME/gazetteer.sqlite, the one marsad uses).")
def gazetteer_build(countries, source, target):
    """Build a full gazetteer from GeoNames dumps; the active one is replaced only on success."""
    from .geo.build import build
    try:
        r = build(countries.split(","), source, target)
    except MarsadError as e:
        _fail(e)
    click.echo(json.dumps({"path": str(r.path), "countries": r.countries, "places": r.places, "names": r.names,
                           "arabic_names": r.arabic_names, "skipped_lines": r.skipped_lines}, ensure_ascii=False))


@gazetteer.command("info")
def gazetteer_info():
    """Say which gazetteer is active (embedded or built) and how large it is."""
    try:
        from .geo.build import active_db_path
        from .geo.gazetteer import Gazetteer
        info = Gazetteer().info()
        info["built_path"] = str(active_db_path())
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
    except MarsadError as e:
        _fail(e)


DB_OPTION = click.option("--db", "db", default=None, metavar="URL|PATH",
                         help="Event store: a SQLite file path or sqlite:/// URL, or postgresql://user@host/db "
                              "(default: $MARSAD_DB or ./marsad.db).")


def _published_option(published: str | None) -> str | None:
    from .io.readers import normalize_published
    if not published:
        return None
    p, warn = normalize_published(published, "--published")
    if warn or p is None:
        raise click.BadParameter(f"{published!r} is not a date like 2024-01-26", param_hint="--published")
    return p


@main.command(epilog=EPILOG)
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option("--follow", is_flag=True, help="Keep polling the feed URLs (every ingest.poll_interval_seconds) "
                                             "until interrupted (Ctrl-C or SIGTERM).")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date for inputs without one.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--config", "config", default=None, type=click.Path(dir_okay=False),
              help="TOML file overriding the packaged defaults (also $MARSAD_CONFIG).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
def ingest(sources, db, follow, published, jobs, config, progress):
    """Ingest SOURCES into the event store, deduplicating events across articles.

    SOURCES are files and directories as for `extract` (txt, html, jsonl, and WARC archives
    .warc/.warc.gz) and RSS/Atom feed URLs (http:// or https://), whose article pages are
    fetched politely and cleaned. Each batch commits atomically: an interrupted run resumes on
    the next run with nothing lost and nothing counted twice.
    """
    import signal
    from .ingest import run_ingest

    def _term(_sig, _frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _term)
    r = _run_with_progress(progress, "ingest", lambda tick: run_ingest(
        list(sources), db, jobs=jobs, follow=follow, config_path=config, published=_published_option(published),
        progress=tick))
    c = r["counts"]
    click.echo(f"{r['status']}: {c['records']} records: {c['stored']} stored, {c['already_stored']} already stored, "
               f"{c['rejected']} rejected; {c['reports']} reports -> {c['new_events']} new events, "
               f"{c['merged_reports']} merged into existing ones ({r['db']})", err=True)
    if r["status"] == "interrupted":
        sys.exit(130)


@main.command(epilog=EPILOG)
@DB_OPTION
@click.option("--rebuild", is_flag=True, required=True,
              help="Recompute every event from the stored reports (after changing [dedup] settings).")
@click.option("--config", "config", default=None, type=click.Path(dir_okay=False))
def dedup(db, rebuild, config):
    """Re-cluster the stored reports into deduplicated events."""
    from .config import load_config
    from .store import Store
    try:
        with Store.open(db, config=load_config(config)) as store:
            click.echo(json.dumps(store.rebuild_clusters()))
    except MarsadError as e:
        _fail(e)


@main.command(epilog=EPILOG)
@DB_OPTION
@click.option("--format", "fmt", default="acled-csv", show_default=True,
              type=click.Choice(["acled-csv", "jsonl", "geojson", "parquet"]))
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Events on or before this date.")
@click.option("--country", default=None, help="Only this country (English name, e.g. Iraq).")
@click.option("--no-aggregates", is_flag=True, help="Leave out aggregate records.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: standard output; required for parquet).")
def export(db, fmt, since, until, country, no_aggregates, out):
    """Export the deduplicated events with their sources."""
    import tempfile
    from .io.writers import export_events
    from .store import Store
    try:
        for name, v in (("--since", since), ("--until", until)):
            if v and _published_option(v) != v:
                raise click.BadParameter(f"{v!r} is not a date like 2024-01-26", param_hint=name)
        if fmt == "parquet" and out is None:
            raise click.BadParameter("parquet is binary: give --out FILE", param_hint="--out")
        with Store.open(db, write=False) as store:
            events = store.events(since=since, until=until, country=country, include_aggregates=not no_aggregates)
            if out is not None:
                n = export_events(out, events, fmt)
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "export"
                    n = export_events(path, events, fmt)
                    sys.stdout.write(path.read_text(encoding="utf-8"))
        click.echo(f"{n} events exported" + (f" -> {out}" if out else ""), err=True)
    except MarsadError as e:
        _fail(e)


@main.command(epilog=EPILOG)
@DB_OPTION
@click.option("--since", default=None, metavar="YYYY-MM-DD")
@click.option("--until", default=None, metavar="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(db, since, until, as_json):
    """Counts by day, type, actor and country; rejected records by reason."""
    from .store import Store
    try:
        with Store.open(db, write=False) as store:
            st = store.stats(since=since, until=until)
    except MarsadError as e:
        _fail(e)
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=1))
        return
    click.echo("totals: " + ", ".join(f"{k} {v}" for k, v in st["totals"].items()))
    for key, title in (("by_type", "events by type"), ("by_country", "events by country"),
                       ("by_actor", "events by actor1 (top 50)"), ("by_day", "events by day"),
                       ("rejections_by_reason", "rejected records by reason")):
        click.echo(f"\n{title}:")
        for k, v in st[key].items():
            click.echo(f"  {v:>7}  {k}")


def _serve(db: str | None, host: str, port: int, token_file: Path | None, cors: tuple[str, ...],
           tiles: str | None, workers: int = 1) -> None:
    import os

    import uvicorn

    from .api import Settings, create_app
    token = os.environ.get("MARSAD_API_TOKEN") or None
    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").strip() or None
    try:
        app = create_app(Settings(db=db, token=token, cors_origins=list(cors), tile_url=tiles))
    except MarsadError as e:
        _fail(e)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can read the store"
                   + ("" if not token else " and, with the token, write to it"), err=True)
    click.echo(f"marsad dashboard: http://{host}:{port}/   API schema: http://{host}:{port}/openapi.json", err=True)
    if workers > 1:
        # each worker process builds its own app (and store connection) from the environment
        from .store import database_url
        os.environ["MARSAD_SERVE_SETTINGS"] = json.dumps({"db": database_url(db), "cors_origins": list(cors),
                                                          "tile_url": tiles})
        if token:
            os.environ["MARSAD_API_TOKEN"] = token
        del app
        uvicorn.run("marsad.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
    else:
        uvicorn.run(app, host=host, port=port, log_level="warning")


SERVE_OPTIONS = [
    click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (local only by default)."),
    click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535)),
    click.option("--token-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                 help="File holding the token that enables POST /api/articles (or $MARSAD_API_TOKEN). "
                      "Without a token the API is read-only."),
    click.option("--cors-origin", "cors", multiple=True, help="Allow browser requests from this origin (repeat)."),
    click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                 help="Server processes (each with its own connections)."),
    click.option("--tiles", default=None, metavar="URL",
                 help="A tile server URL template for an online basemap, e.g. https://tile.example/{z}/{x}/{y}.png; "
                      "by default the dashboard draws its offline boundaries."),
]


def _with(options):
    def deco(f):
        for opt in reversed(options):
            f = opt(f)
        return f
    return deco


@main.command(epilog=EPILOG)
@DB_OPTION
@_with(SERVE_OPTIONS)
def serve(db, host, port, token_file, cors, workers, tiles):
    """Serve the REST API (/api, OpenAPI schema at /openapi.json) and the dashboard (/) over a store."""
    _serve(db, host, port, token_file, cors, tiles, workers)


@main.command(epilog=EPILOG)
@click.option("--db", "db", default="marsad-demo.db", show_default=True, help="Where to build the demo store.")
@_with(SERVE_OPTIONS)
@click.option("--no-serve", is_flag=True, help="Only build the demo store.")
def demo(db, host, port, token_file, cors, workers, tiles, no_serve):
    """Build a small store from the packaged sample articles and serve the dashboard over it."""
    from importlib import resources

    from .ingest import run_ingest
    samples = resources.files("marsad").joinpath("samples")
    inputs = [str(samples.joinpath(n)) for n in sorted(x.name for x in samples.iterdir()) if n.endswith(".jsonl")]
    try:
        r = run_ingest(inputs, db)
    except MarsadError as e:
        _fail(e)
    c = r["counts"]
    click.echo(f"demo store {db}: {c['stored']} new articles, {c['already_stored']} already there", err=True)
    if not no_serve:
        _serve(db, host, port, token_file, cors, tiles, workers)


if __name__ == "__main__":
    main()
