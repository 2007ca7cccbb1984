"""REST API and web dashboard over the event store (`marsad serve`)."""
from .app import Settings, create_app  # noqa: F401
