"""The event store (SQLAlchemy Core + Alembic): SQLite by default, PostgreSQL for shared deployments."""
from .database import database_url  # noqa: F401
from .store import BatchResult, Store, article_id  # noqa: F401
