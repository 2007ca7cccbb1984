"""Engines run the same Pipeline over many documents: local (processes) and, later, Spark."""
