"""Opening a store: URL handling, SQLite pragmas and locking, PostgreSQL driver, migrations.

SQLite (the default, one file) runs in WAL mode with a long busy timeout, and every write
transaction starts with BEGIN IMMEDIATE: a second writer waits for the lock at the start of its
transaction instead of failing half-way with "database is locked". PostgreSQL write
transactions take one advisory lock, so clustering sees a consistent store there too.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ..errors import StoreError

DEFAULT_DB = "marsad.db"
WRITE_LOCK_KEY = 7273720501        # PostgreSQL advisory lock id for marsad's writers
BUSY_TIMEOUT_MS = 120_000


def database_url(db: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL from a --db value: a URL, or a path to a SQLite file."""
    value = str(db or os.environ.get("MARSAD_DB") or DEFAULT_DB)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver marsad installs (extra "postgres"); psycopg2 URLs still work
        # when written explicitly as postgresql+psycopg2://
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def make_engine(url: str, *, write: bool = True) -> Engine:
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise StoreError(f"not a database URL: {url!r}", hint="use a file path or sqlite:///, postgresql://") from e
    try:
        if u.get_backend_name() == "sqlite":
            if u.database and u.database != ":memory:":
                parent = Path(u.database).parent
                if not parent.exists():
                    raise StoreError(f"the folder of the store {u.database} does not exist",
                                     hint="create it or pass another --db")
            engine = create_engine(u, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_setup(engine, write)
        else:
            engine = create_engine(u, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError) as e:
        raise StoreError(f"no database driver for {u.drivername}",
                         hint="pip install 'marsad[postgres]' for PostgreSQL") from e
    return engine


def _sqlite_setup(engine: Engine, write: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
        dbapi_conn.isolation_level = None          # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")   # WAL + NORMAL: a crash loses no committed batch
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock_for_write(conn: Connection) -> None:
    """Serialise writers: SQLite already holds its lock (BEGIN IMMEDIATE); PostgreSQL takes an advisory one."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest revision (idempotent; safe with concurrent openers)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marsad.store").joinpath("migrations")))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    try:
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return head
        with engine.begin() as conn:
            lock_for_write(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as e:
        raise StoreError(f"cannot open the store {engine.url.render_as_string(hide_password=True)}: "
                         f"{str(e.orig).strip()}", hint="check the path or URL and that the server runs") from e
    return head
