"""The store's tables (SQLAlchemy Core). Alembic migrations under `migrations/` create them.

Ids are content hashes: an article's id comes from its text, a report's from the article and
the event's defining fields, a cluster's from the report that founded it. Re-ingesting the
same article therefore finds its id taken and changes nothing. JSON columns are Text so the
same schema runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text)

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", String(40), primary_key=True),
    Column("command", String(20), nullable=False),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("status", String(20), nullable=False),          # running | finished | interrupted | failed
    Column("sources", Text),                                # JSON list
    Column("config", Text),                                 # JSON: the effective config
    Column("counts", Text),                                 # JSON
    Column("marsad_version", String(20)),
)

articles = Table(
    "articles", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("source_id", Text),          # the id the input gave it (docno, file:line, url)
    Column("url", Text),
    Column("outlet", String(200)),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("title", Text),
    Column("text_hash", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("run_id", String(40)),
)

reports = Table(
    "reports", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("article_id", String(40), ForeignKey("articles.id"), nullable=False),
    Column("event_id", String(40)),
    Column("event_type", String(40), nullable=False),
    Column("sub_event_type", String(60)),
    Column("event_date", String(10)),
    Column("time_precision", Integer),
    Column("country", String(60)),
    Column("admin1", String(80)),
    Column("location", String(200)),
    Column("place_id", String(60)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("fatalities", Integer),
    Column("claim_status", String(20)),
    Column("aggregate", Boolean, nullable=False),
    Column("outlet", String(200)),
    Column("url", Text),
    Column("published", String(10)),
    Column("record", Text, nullable=False),       # JSON: the report as extracted
    Column("merge_note", Text),                   # JSON: why it joined its event
    Column("date_stated", Boolean),               # the date comes from the text, not the publication day (0002)
    Column("place_area", Boolean),                # placed by "ريف X", as wide as a governorate (0002)
)
Index("ix_reports_block", reports.c.event_type, reports.c.aggregate, reports.c.event_date)
Index("ix_reports_event", reports.c.event_id)
Index("ix_reports_article", reports.c.article_id)

events = Table(
    "events", metadata,
    Column("id", String(40), primary_key=True),
    Column("event_type", String(40), nullable=False),
    Column("sub_event_type", String(60)),
    Column("event_date", String(10)),
    Column("country", String(60)),
    Column("admin1", String(80)),
    Column("location", String(200)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("claim_status", String(20)),
    Column("fatalities", Integer),
    Column("aggregate", Boolean, nullable=False),
    Column("n_reports", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("first_reported", String(10)),
    Column("updated_at", String(32), nullable=False),
    Column("record", Text, nullable=False),        # JSON: the cluster-level event with its sources
    Column("weapons", Text),                       # "|rocket|drone|" (0003)
    Column("evidence", Text),                      # every source's evidence, for text search (0003)
)
Index("ix_events_date", events.c.event_date)
Index("ix_events_admin1", events.c.admin1, events.c.event_date)
Index("ix_events_actor1", events.c.actor1, events.c.event_date)
Index("ix_events_type_date", events.c.event_type, events.c.event_date)
Index("ix_events_country_date", events.c.country, events.c.event_date)
Index("ix_events_type", events.c.event_type)

statements = Table(
    "statements", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("article_id", String(40), ForeignKey("articles.id"), nullable=False),
    Column("type", String(40), nullable=False),
    Column("date", String(10)),
    Column("actor1", String(200)),
    Column("actor2", String(200)),
    Column("record", Text, nullable=False),
)
Index("ix_statements_date", statements.c.date)

rejections = Table(
    "rejections", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("record", Text, nullable=False),
    Column("stage", String(40), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("level", String(10), nullable=False),
    Column("run_id", String(40)),
    Column("created", String(32), nullable=False),
)
Index("ix_rejections_reason", rejections.c.reason)

feeds = Table(
    "feeds", metadata,
    Column("url", String(2000), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", String(32)),
    Column("last_status", Integer),
    Column("last_error", Text),
)

fetched = Table(     # feed items already handled: their pages are not fetched again
    "fetched", metadata,
    Column("url", String(2000), primary_key=True),
    Column("feed", String(2000)),
    Column("article_id", String(40)),
    Column("status", String(40), nullable=False),      # stored | rejected:<reason>
    Column("fetched_at", String(32), nullable=False),
)
