"""The `marsad` command: a thin shell over the library.

Exit codes: 0 success (some records may be rejected: see rejected.jsonl);
1 internal error; 2 bad usage or config; 3 input unusable; 4 knowledge data
file invalid; 5 every record rejected.
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
def extract(inputs, out, published, jobs, config, progress):
    """Extract events and statements from INPUTS.

    INPUTS are .txt files (first non-empty line is the title), .html files,
    .jsonl files (records with id, text or html, and optional title,
    published, url, outlet, language), directories (read recursively) or '-'
    for JSONL on standard input.
    """
    from .runner import run_extract
    from .io.readers import normalize_published
    if published:
        p, warn = normalize_published(published, "--published")
        if warn or p is None:
            raise click.BadParameter(f"{published!r} is not a date like 2024-01-26", param_hint="--published")
        published = p
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    try:
        if show:
            from tqdm import tqdm
            bar = tqdm(unit="doc", desc="extract", file=sys.stderr)
        summary = run_extract(list(inputs), out, published=published, jobs=jobs, config_path=config,
                              progress=bar.update if bar else None)
    except MarsadError as e:
        _fail(e)
    finally:
        if bar:
            bar.close()
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


if __name__ == "__main__":
    main()
