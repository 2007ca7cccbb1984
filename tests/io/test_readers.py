"""Bad input never stops a run: every record ends up extracted or rejected with a reason."""
import io
import json

from marsad.config import load_config
from marsad.io.readers import iter_inputs, records_from_jsonl
from marsad.model import Article, Rejection

CFG = load_config()
AR = "استهدف هجوم صاروخي قاعدة عين الأسد الجوية في محافظة الأنبار اليوم."


def _items(path):
    return list(iter_inputs([str(path)], CFG))


def test_empty_file_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    [r] = _items(tmp_path / "a.txt")
    assert isinstance(r, Rejection) and r.reason == "empty" and r.record == "a"


def test_binary_file_is_rejected(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    [r] = _items(tmp_path / "b.txt")
    assert r.reason == "binary"


def test_cp1256_text_is_decoded(tmp_path):
    (tmp_path / "c.txt").write_bytes(("عنوان الخبر\n" + AR).encode("cp1256"))
    [a] = _items(tmp_path / "c.txt")
    assert isinstance(a, Article) and a.title == "عنوان الخبر" and "عين الأسد" in a.text


def test_malformed_json_lines_are_rejected_and_the_rest_read(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join([json.dumps({"id": "ok1", "text": AR}, ensure_ascii=False), "{not json",
                            "[1, 2]", json.dumps({"id": "no-text"}), json.dumps({"id": "ok2", "text": AR}, ensure_ascii=False)]),
                 encoding="utf-8")
    items = _items(p)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Rejection", "Rejection", "Article"]
    assert [i.reason for i in items if isinstance(i, Rejection)] == ["malformed_json", "malformed_json", "missing_text"]
    assert "d.jsonl:2" in items[1].message


def test_too_large_document_is_rejected(tmp_path):
    p = tmp_path / "e.jsonl"
    p.write_text(json.dumps({"id": "big", "text": "ا" * 1_100_000}), encoding="utf-8")
    [r] = _items(p)
    assert r.reason == "too_large" and r.record == "big"


def test_unknown_field_is_a_warning_and_the_record_is_read():
    items = list(records_from_jsonl(io.StringIO(json.dumps({"id": "x", "text": AR, "colour": "red"})), "s", CFG))
    assert items[0].level == "warning" and items[0].reason == "unknown_field" and "colour" in items[0].message
    assert isinstance(items[1], Article)


def test_corpus_aliases_and_rfc2822_dates_are_understood():
    rec = {"docno": "ANT-1", "title": "عنوان", "text": AR, "time": "Sun, 18 Feb 2018 21:35:43 +0400", "source": "sky"}
    items = [i for i in records_from_jsonl(io.StringIO(json.dumps(rec, ensure_ascii=False)), "s", CFG)
             if isinstance(i, Article)]
    assert items[0].id == "ANT-1" and items[0].published == "2018-02-18" and items[0].outlet == "sky"
    assert items[0].text.startswith("عنوان\n")


def test_bad_published_date_is_a_warning_not_a_rejection():
    items = list(records_from_jsonl(io.StringIO(json.dumps({"id": "x", "text": AR, "published": "last week"})), "s", CFG))
    assert items[0].level == "warning" and items[0].reason == "bad_field"
    assert isinstance(items[1], Article) and items[1].published is None


def test_html_main_text_is_extracted(tmp_path):
    body = "".join(f"<p>{AR} فقرة رقم {i}.</p>" for i in range(5))
    html = (f"<html><head><title>خبر عاجل</title></head><body><nav>القائمة الرئيسية</nav>"
            f"<article><h1>خبر عاجل</h1>{body}</article><footer>حقوق النشر</footer></body></html>")
    (tmp_path / "f.html").write_text(html, encoding="utf-8")
    [a] = _items(tmp_path / "f.html")
    assert isinstance(a, Article) and "عين الأسد" in a.text and "حقوق النشر" not in a.text


def test_directory_is_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("عنوان\n" + AR, encoding="utf-8")
    (tmp_path / "y.jsonl").write_text(json.dumps({"id": "y", "text": AR}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    assert sorted(i.id for i in _items(tmp_path)) == ["x", "y"]


def test_jsonl_in_cp1256_is_decoded_line_by_line(tmp_path):
    p = tmp_path / "w.jsonl"
    p.write_bytes((json.dumps({"id": "w1", "text": AR}, ensure_ascii=False) + "\n").encode("cp1256"))
    [a] = _items(p)
    assert isinstance(a, Article) and "عين الأسد" in a.text


def test_binary_file_named_jsonl_is_rejected(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_bytes(b"\x00\x01\x02" * 100)
    [r] = _items(p)
    assert r.reason == "binary"


def test_line_numbers_survive_streaming(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text("\n\n" + json.dumps({"id": "a", "text": AR}, ensure_ascii=False) + "\n{bad\n", encoding="utf-8")
    items = _items(p)
    assert items[-1].record == "n.jsonl:4" and items[-1].reason == "malformed_json"
