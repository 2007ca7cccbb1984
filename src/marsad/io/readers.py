"""Readers turn input files into Articles, or into rejections with a reason.

Supported: `.txt` (first non-empty line is the title), `.html`/`.htm` (main
text, title and date via trafilatura), `.jsonl` (one record per line: `id`,
`text` or `html`, optional `title`, `published`, `url`, `outlet`,
`language`), directories (recursively) and `-` (JSONL on stdin).
Every record yields exactly one item: an Article or a Rejection.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Iterable, Iterator, Union

from charset_normalizer import from_bytes

from ..errors import InputError, RecordRejected
from ..model import Article, Rejection

log = logging.getLogger("marsad.io")

KNOWN_FIELDS = {"id", "text", "html", "title", "published", "url", "outlet", "language"}
# fields of common corpora mapped onto ours (ANT: docno, time, source)
ALIASES = {"docno": "id", "doc_id": "id", "time": "published", "date": "published", "source": "outlet",
           "body": "text", "content": "text", "link": "url", "lang": "language"}
SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".json", ".ndjson"}

Item = Union[Article, Rejection]


def _warn(record: str, reason: str, message: str) -> Rejection:
    return Rejection(record, "read", reason, message, level="warning")


def decode(data: bytes, where: str) -> str:
    """UTF-8 first; otherwise detect (cp1256, iso-8859-6, utf-16 are common for Arabic)."""
    if not data.strip():
        raise RecordRejected("empty", f"{where}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise RecordRejected("binary", f"{where}: NUL bytes found: this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200000], cp_isolation=["cp1256", "iso8859_6", "utf_16", "cp1252", "latin_1"]).best()
    if best is None or best.encoding is None:
        raise RecordRejected("encoding", f"{where}: not UTF-8 and no other encoding fits; re-save the file as UTF-8")
    text = data.decode(best.encoding, errors="strict")
    controls = sum(1 for c in text[:5000] if ord(c) < 32 and c not in "\r\n\t")
    if controls > 0.05 * max(1, len(text[:5000])):
        raise RecordRejected("binary", f"{where}: mostly control characters after decoding as {best.encoding}")
    log.info("%s: decoded as %s", where, best.encoding)
    return text


def normalize_published(value, where: str) -> tuple[str | None, str | None]:
    """Return (YYYY-MM-DD or None, warning or None)."""
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        return None, f"{where}: `published` must be a string like 2024-01-26, got {type(value).__name__}; ignored"
    v = value.strip()
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat(), None
    except ValueError:
        pass
    try:
        # RFC 2822 as in RSS: keep the local calendar day the outlet wrote
        return parsedate_to_datetime(v).date().isoformat(), None
    except (TypeError, ValueError, IndexError):
        pass
    return None, f"{where}: `published` {v!r} is not a date (use YYYY-MM-DD); ignored"


def _limit(cfg: dict) -> int:
    return int(cfg["input"]["max_document_bytes"])


def article_from_text(text: str, doc_id: str, cfg: dict, *, title: str | None = None, **meta) -> Article:
    if len(text.encode("utf-8")) > _limit(cfg):
        raise RecordRejected("too_large", f"{doc_id}: {len(text.encode('utf-8')):,} bytes is over the limit of "
                                          f"{_limit(cfg):,} (input.max_document_bytes)")
    if len(text.strip()) < cfg["input"]["min_text_chars"]:
        raise RecordRejected("empty", f"{doc_id}: the text has fewer than {cfg['input']['min_text_chars']} characters")
    return Article(id=doc_id, text=text, title=title, **meta)


def article_from_txt(text: str, doc_id: str, cfg: dict, published: str | None = None) -> Article:
    lines = [l for l in text.splitlines() if l.strip()]
    title = lines[0].strip() if lines else None
    return article_from_text(text, doc_id, cfg, title=title, published=published)


def article_from_html(html: str, doc_id: str, cfg: dict, **meta) -> Article:
    import trafilatura
    if len(html.encode("utf-8")) > 5 * _limit(cfg):
        raise RecordRejected("too_large", f"{doc_id}: HTML of {len(html):,} characters is over 5x the document limit")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise RecordRejected("html_extraction_failed", f"{doc_id}: trafilatura found no main text in the HTML")
    d = doc if isinstance(doc, dict) else doc.as_dict()
    body = (d.get("text") or "").strip()
    if not body:
        raise RecordRejected("html_extraction_failed", f"{doc_id}: the HTML has no main text")
    title = meta.pop("title", None) or d.get("title")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    published = meta.pop("published", None) or (d.get("date") or None)
    meta.setdefault("url", d.get("url"))
    return article_from_text(text, doc_id, cfg, title=title, published=(published or None), **meta)


def records_from_jsonl(stream: Iterable[str], name: str, cfg: dict, first_line: int = 1) -> Iterator[Item]:
    for ln, line in enumerate(stream, first_line):
        if not line.strip():
            continue
        where = f"{name}:{ln}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(where, "read", "malformed_json", f"{where}: not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(rec, dict):
            yield Rejection(where, "read", "malformed_json", f"{where}: a JSON {type(rec).__name__}, not an object")
            continue
        yield from record_to_article(rec, where, cfg)


def record_to_article(rec: dict, where: str, cfg: dict) -> Iterator[Item]:
    mapped: dict = {k: v for k, v in rec.items() if k in KNOWN_FIELDS}
    for k, v in rec.items():
        if k not in KNOWN_FIELDS:
            alias = ALIASES.get(k)
            if alias is None:
                mapped[k] = v
            elif alias not in mapped:
                mapped[alias] = v
    rec = mapped
    doc_id = str(rec.get("id") or where)
    unknown = sorted(k for k in rec if k not in KNOWN_FIELDS)
    if unknown:
        yield _warn(doc_id, "unknown_field", f"{where}: unknown field(s) {', '.join(unknown)} ignored "
                                              f"(known: {', '.join(sorted(KNOWN_FIELDS))})")
    for k in ("text", "html", "title", "url", "outlet", "language"):
        if rec.get(k) is not None and not isinstance(rec[k], str):
            yield Rejection(doc_id, "read", "bad_field", f"{where}: field `{k}` must be a string, got {type(rec[k]).__name__}")
            return
    published, warn = normalize_published(rec.get("published"), where)
    if warn:
        yield _warn(doc_id, "bad_field", warn)
    meta = {"url": rec.get("url"), "outlet": rec.get("outlet"), "language": rec.get("language"), "published": published}
    try:
        if rec.get("text"):
            text = rec["text"]
            title = rec.get("title")
            if title and not text.lstrip().startswith(title.strip()[:30]):
                text = f"{title}\n{text}"
            yield article_from_text(text, doc_id, cfg, title=title, **meta)
        elif rec.get("html"):
            yield article_from_html(rec["html"], doc_id, cfg, title=rec.get("title"), **meta)
        elif "text" in rec or "html" in rec:
            yield Rejection(doc_id, "read", "empty", f"{where}: `text` is empty")
        else:
            yield Rejection(doc_id, "read", "missing_text", f"{where}: the record has neither `text` nor `html`")
    except RecordRejected as e:
        yield Rejection(doc_id, e.stage, e.reason, e.message)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """Stream (line number, text, error) from a JSONL file without loading it whole.

    Lines are UTF-8; a file in another encoding is detected once, from its first
    200 kB, at the first line that is not UTF-8.
    """
    fallback: str | None = None
    with path.open("rb") as f:
        head = f.read(8192)
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield 0, None, "binary"
            return
        f.seek(0)
        for ln, raw in enumerate(f, 1):
            if ln == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield ln, raw.decode(fallback or "utf-8"), None
                continue
            except UnicodeDecodeError:
                pass
            if fallback is None:
                with path.open("rb") as g:
                    best = from_bytes(g.read(200000), cp_isolation=["cp1256", "iso8859_6", "cp1252"]).best()
                fallback = best.encoding if best is not None and best.encoding else "invalid"
            try:
                yield ln, raw.decode(fallback), None
            except (UnicodeDecodeError, LookupError):
                yield ln, None, "encoding"


def read_jsonl_file(path: Path, cfg: dict) -> Iterator[Item]:
    for ln, line, err in _jsonl_lines(path):
        where = f"{path.name}:{ln}"
        if err == "binary":
            yield Rejection(str(path), "read", "binary", f"{path}: NUL bytes found: this is a binary file, not JSONL")
        elif err:
            yield Rejection(where, "read", "encoding", f"{where}: the line is neither UTF-8 nor the file's detected encoding")
        else:
            yield from records_from_jsonl([line], path.name, cfg, first_line=ln)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def read_warc(path: Path, cfg: dict) -> Iterator[Item]:
    """HTML responses of a WARC file (news crawl archives) as Articles; other records are skipped.

    The record id is the target URI; the publication date is the page's own date when trafilatura
    finds one, else the WARC-Date (when the page was crawled).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    n = 0
    try:
        with path.open("rb") as f:
            head = f.read(2)
            if head == b"\x1f\x8b":
                import gzip
                with gzip.open(path, "rb") as g:
                    head = g.read(5)
            else:
                head += f.read(3)
            if head != b"WARC/":
                yield Rejection(str(path), "read", "warc_error", f"{path}: not a WARC file (it does not start "
                                                                 "with a WARC/1.x record header)")
                return
            f.seek(0)
            for rec in ArchiveIterator(f):
                if rec.rec_type != "response":
                    continue
                n += 1
                uri = rec.rec_headers.get_header("WARC-Target-URI") or f"{path.name}#{n}"
                ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else "") or ""
                status = rec.http_headers.get_statuscode() if rec.http_headers else "200"
                if not str(status).startswith("2"):
                    yield Rejection(uri, "read", "fetch_error", f"{uri}: HTTP {status} in {path.name}")
                    continue
                if "html" not in ctype.lower():
                    yield Rejection(uri, "read", "not_html", f"{uri}: content type {ctype or 'unknown'!r} in {path.name}")
                    continue
                try:
                    body = rec.content_stream().read(5 * _limit(cfg) + 1)
                    crawled = (rec.rec_headers.get_header("WARC-Date") or "")[:10] or None
                    art = article_from_html(decode(body, uri), uri, cfg, url=uri, outlet=_host(uri))
                    art.published = art.published or crawled
                    yield art
                except RecordRejected as e:
                    yield Rejection(uri, e.stage, e.reason, e.message)
    except ArchiveLoadFailed as e:
        yield Rejection(str(path), "read", "warc_error", f"{path}: not a readable WARC file ({e})")
    except OSError as e:
        yield Rejection(str(path), "read", "unreadable", f"{path}: {e.strerror or e}")


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit
    host = urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def read_file(path: Path, cfg: dict, published: str | None = None) -> Iterator[Item]:
    where = str(path)
    suffix = path.suffix.lower()
    if is_warc(path):
        yield from read_warc(path, cfg)
        return
    if suffix in (".jsonl", ".ndjson", ".json"):
        try:
            yield from read_jsonl_file(path, cfg)
        except OSError as e:
            yield Rejection(where, "read", "unreadable", f"{where}: {e.strerror}")
        return
    try:
        data = path.read_bytes()
        text = decode(data, where)
        if suffix in (".html", ".htm"):
            yield article_from_html(text, path.stem, cfg, published=published)
        else:
            yield article_from_txt(text, path.stem, cfg, published=published)
    except RecordRejected as e:
        yield Rejection(path.stem if suffix in (".txt", ".html", ".htm") else where, e.stage, e.reason, e.message)
    except OSError as e:
        yield Rejection(where, "read", "unreadable", f"{where}: {e.strerror}")


def iter_inputs(inputs: list[str], cfg: dict, published: str | None = None,
                stdin: IO[str] | None = None) -> Iterator[Item]:
    """All records of all inputs, in order. Missing paths raise InputError before anything is read."""
    paths: list[Path | None] = []
    for i in inputs:
        if i == "-":
            paths.append(None)
            continue
        p = Path(i)
        if not p.exists():
            raise InputError(f"input {i} does not exist", hint="check the path")
        paths.append(p)
    for p in paths:
        if p is None:
            yield from _with_published(records_from_jsonl(stdin or sys.stdin, "<stdin>", cfg), published)
        elif p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and (f.suffix.lower() in SUFFIXES or is_warc(f)))
            for f in files:
                yield from _with_published(read_file(f, cfg, published), published)
        else:
            yield from _with_published(read_file(p, cfg, published), published)


def _with_published(items: Iterator[Item], published: str | None) -> Iterator[Item]:
    for it in items:
        if published and isinstance(it, Article) and not it.published:
            it.published = published
        yield it
