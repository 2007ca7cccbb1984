"""Helpers shared by the benchmark scripts: errors, and what was measured (commit, package)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def die(msg: str, code: int = 2) -> None:
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(code)


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def marsad_path() -> str | None:
    """Where the measured marsad package is imported from (the repo's src/ or a snapshot)."""
    spec = importlib.util.find_spec("marsad")
    return str(Path(spec.origin).parent) if spec and spec.origin else None


def git_dirty() -> bool | None:
    """True when src/ has uncommitted changes (the numbers then describe a work in progress)."""
    try:
        out = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", "src"],
                             capture_output=True, text=True, check=True).stdout
        return bool(out.strip())
    except (OSError, subprocess.CalledProcessError):
        return None


def write_result(path: Path, doc: dict) -> None:
    """Save a benchmark's result JSON (benchmarks/results/ is git-ignored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {path}")
