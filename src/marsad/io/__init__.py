"""Readers (files, JSONL, HTML, stdin) and writers (JSONL, ACLED CSV, GeoJSON, run.json)."""
