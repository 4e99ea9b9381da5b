"""xxgk.ingest.office: .doc/.wps/.rtf through LibreOffice, then the DOCX reader."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from xxgk import libreoffice
from xxgk.errors import MissingTool, UnreadableFile
from xxgk.ingest import read_document
from xxgk.ingest.docx import read_docx
from xxgk.ingest.office import convert_many, find_soffice, read_office

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "office"))
import office_fixtures as fx  # noqa: E402

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")


def gone(pid: int) -> bool:
    """The process does not exist or is a zombie (containers may lack an init that reaps orphans)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def span(cell) -> tuple[int, int, int, int]:
    return (cell.row, cell.col, cell.rowspan, cell.colspan)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """report.docx and the .doc / .rtf / .wps LibreOffice makes from it (two soffice runs)."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    d = tmp_path_factory.mktemp("office")
    src = fx.make_report_docx(d / "report.docx")
    doc = fx.soffice_convert(src, "doc", d)
    rtf = fx.soffice_convert(src, "rtf", d)
    wps = d / "report.wps"  # Kingsoft WPS writes Word 97 binaries under this extension
    shutil.copyfile(doc, wps)
    return {"docx": src, "doc": doc, "rtf": rtf, "wps": wps}


@pytest.fixture(scope="module")
def batch(made, tmp_path_factory):
    out = tmp_path_factory.mktemp("converted")
    start = time.monotonic()
    result = convert_many([made["doc"], made["rtf"], made["wps"]], out)
    return result, time.monotonic() - start, out


def check_table3(doc) -> None:
    t = doc.tables[0]
    assert len(t.rows) == fx.HEAD_ROWS + len(fx.ROWS) and t.n_cols == 10
    dense = t.dense()
    for i, row in enumerate(fx.ROWS):
        assert [dense[fx.HEAD_ROWS + i][fx.VALUE_COL0 + j].text for j in range(7)] == fx.VALUES[row.key], row.key
    cells = {c.text: c for r in t.rows for c in r if c.text}
    assert span(cells["三、本年度办理结果"]) == (5, 0, 22, 1)
    assert span(cells["（三）不予公开"]) == (7, 1, 8, 1)
    assert span(cells["法人或其他组织"]) == (1, 4, 1, 5)
    assert span(cells["申请人情况"]) == (0, 3, 1, 7)


@needs_soffice
@pytest.mark.libreoffice
def test_convert_many_one_run(made, batch):
    result, seconds, out = batch
    assert set(result) == {made["doc"], made["rtf"], made["wps"]}
    assert all(p.parent == out and p.suffix == ".docx" and p.stat().st_size > 0 for p in result.values())
    assert len({p.name for p in result.values()}) == 3  # same stem "report": no overwrite
    for path in result.values():
        doc = read_docx(path)
        check_table3(doc)
        texts = [p.text for p in doc.paragraphs]
        assert fx.TITLE in texts and "本年度共收到政府信息公开申请21件。" in texts
        inner = doc.tables[2]
        assert inner.texts() == [["项目", "件数"], ["依申请", "21"]] and inner.at["in"]["table"] == 1
    assert seconds < 60


@needs_soffice
@pytest.mark.libreoffice
def test_read_document_doc(made):
    doc = read_document(made["doc"])
    assert doc.source["format"] == "doc" and doc.source["file"] == str(made["doc"])
    assert doc.source["converted_by"] == "libreoffice"
    check_table3(doc)
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(fx.BOX_TEXT) == 1 and fx.HEADER in texts
    assert texts.index(fx.TITLE) < texts.index("一、总体情况") < texts.index("三、收到和处理政府信息公开申请情况")
    assert doc.properties["title"] == fx.TITLE and doc.properties["author"] == "县政府办"
    assert "application" not in doc.properties  # that would be LibreOffice, not the original's program


def test_missing_soffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    f = tmp_path / "年报.doc"
    f.write_bytes(OLE + b"\0" * 600 + WORD_STREAM)
    with pytest.raises(MissingTool, match="libreoffice-writer-nogui") as e:
        read_document(f)
    assert "DOC" in str(e.value) and "年报.doc" in str(e.value)
    with pytest.raises(MissingTool):
        convert_many([f])
    assert convert_many([]) == {}
    with pytest.raises(UnreadableFile, match="文件不存在"):
        convert_many([tmp_path / "nope.doc"])


FAKE_SOFFICE = """#!/bin/sh
# a LibreOffice that hangs, with a child process of its own (like oosplash -> soffice.bin)
sleep 60 &
echo $! > "{pidfile}"
wait
"""


def test_hung_soffice_is_killed(tmp_path, monkeypatch):
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(pidfile=pidfile))
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: str(fake))
    f = tmp_path / "a.doc"
    f.write_bytes(OLE + b"\0" * 600 + WORD_STREAM)
    start = time.monotonic()
    with pytest.raises(UnreadableFile, match="超时"):
        read_office(f, timeout=1)
    assert time.monotonic() - start < 10
    child = int(pidfile.read_text())
    time.sleep(0.2)
    assert gone(child)  # the whole process group was killed, not only the shell


def test_encrypted_office_file(tmp_path):
    f = tmp_path / "secret.docx"  # a password-protected DOCX is an OLE2 file
    f.write_bytes(OLE + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 400)
    with pytest.raises(UnreadableFile, match="密码"):
        read_document(f)


def test_ole_without_word_stream(tmp_path):
    f = tmp_path / "bad.doc"  # e.g. an .xls renamed, or a damaged file
    f.write_bytes(OLE + bytes(range(256)) * 12)
    with pytest.raises(UnreadableFile, match="不是有效的 Word 文档"):
        read_document(f)


def test_soffice_writes_nothing(tmp_path, monkeypatch):
    """LibreOffice exits 0 but converts nothing for files it cannot open (damaged, password)."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: str(fake))
    f = tmp_path / "bad.doc"
    f.write_bytes(OLE + b"\xff" * 504 + WORD_STREAM + b"\x00\xff" * 1500)
    with pytest.raises(UnreadableFile, match="LibreOffice 无法转换这个 DOC 文件"):
        read_document(f)
    assert convert_many([f], tmp_path / "out") == {}
