"""Text utilities: normalisation with an offset map, sentences, numbers, language id, lexicon matching."""
