"""Pipeline stages: pure functions over Articles (no I/O)."""
