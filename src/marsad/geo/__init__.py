"""Geography: the gazetteer lookup, disambiguation and event-to-place linking."""
