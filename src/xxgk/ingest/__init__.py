"""Source file → Document. The format is detected from the content, not only the extension."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from ..errors import UnknownFormat, UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table

__all__ = ["Block", "Document", "GridCell", "Paragraph", "Table", "detect_format", "read_document"]

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def detect_format(path: str | Path, head: bytes | None = None) -> str:
    """One of text, docx, doc, pdf, html, image, rtf, wps — from the bytes, the extension as a hint."""
    p = Path(path)
    if head is None:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    ext = p.suffix.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "docx" if ext == ".docx" else "zip"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: .doc, .wps, old .xls
        return "wps" if ext == ".wps" else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if any(head.startswith(m) for m in _IMAGE_MAGIC) or head[8:12] == b"WEBP":
        return "image"
    low = head[:2048].lower().lstrip(b"\xef\xbb\xbf \r\n\t")
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:512] or (
        ext in (".html", ".htm", ".shtml") and b"<" in low[:64]
    ):
        return "html"
    if b"mime-version:" in head.lower() and b"multipart/related" in head.lower():
        return "html"  # MHT "single file web page" (Word saves these as .doc too); read_html unwraps it
    return "text"


def read_document(path: str | Path) -> Document:
    """Read any supported source file into a Document (raises XxgkError with a Chinese message)."""
    p = Path(path)
    if not p.exists():
        raise UnreadableFile("文件不存在", str(p))
    if p.is_dir():
        raise UnreadableFile("这是一个目录，不是文件", str(p))
    data = p.read_bytes()
    if not data or data.isspace():  # (not data.strip(), which copies the file)
        raise UnreadableFile("文件为空（0 字节或只有空白），没有可读取的内容", str(p))
    fmt = detect_format(p, data[:4096])
    if fmt == "text":
        from .text import read_text

        doc = read_text(data, str(p))
    elif fmt == "pdf":
        from .pdf import read_pdf

        doc = read_pdf(p)
    elif fmt == "docx":
        from .docx import read_docx

        doc = read_docx(p)
    elif fmt == "html":
        from .html import read_html

        doc = read_html(data, str(p))
    elif fmt in ("doc", "wps", "rtf"):
        from .office import read_office

        doc = read_office(p)
    elif fmt == "image":
        from .ocr import read_image

        doc = read_image(p)
    else:
        raise UnknownFormat("无法识别的文件格式（支持 TXT、DOCX、DOC、WPS、RTF、PDF、HTML、PNG/JPG/TIFF）", str(p))
    doc.source.setdefault("file", str(p))
    doc.source["sha256"] = hashlib.sha256(data).hexdigest()
    doc.source.setdefault("format", fmt)
    return doc
