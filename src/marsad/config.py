"""One layered config: packaged defaults, then a user TOML file, then overrides.

The effective config is a plain dict saved with every run (run.json).
"""
from __future__ import annotations

import copy
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _merge(base: dict[str, Any], over: dict[str, Any], where: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if k not in out:
            raise ConfigError(f"unknown config key {where}{k!r}",
                              hint=f"known keys here: {', '.join(sorted(out))}")
        if isinstance(out[k], dict):
            if not isinstance(v, dict):
                raise ConfigError(f"config key {where}{k!r} must be a table")
            out[k] = _merge(out[k], v, f"{where}{k}.")
        else:
            if out[k] is not None and v is not None and type(out[k]) is not type(v) and not (
                    isinstance(out[k], float) and isinstance(v, int)):
                raise ConfigError(f"config key {where}{k!r} must be {type(out[k]).__name__}, got {type(v).__name__}")
            out[k] = v
    return out


def defaults() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    cfg = defaults()
    path = path or os.environ.get("MARSAD_CONFIG")
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"config file {p} not found") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"config file {p} is not valid TOML: {e}") from e
        cfg = _merge(cfg, user, "")
        cfg["_source"] = str(p)
    if overrides:
        cfg = _merge({k: v for k, v in cfg.items() if k != "_source"}, overrides, "") | (
            {"_source": cfg["_source"]} if "_source" in cfg else {})
    return cfg
