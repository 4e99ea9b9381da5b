"""DOCX → Document: body paragraphs and tables in order, merged cells as true spans.

Walks ``word/document.xml`` itself (python-docx opens the package; its high-level ``Table.cell()`` API
repeats a merged cell in every slot and forgets which slot it started in, so the grid is rebuilt here
from ``w:gridSpan`` / ``w:vMerge`` / ``w:gridBefore`` per ECMA-376 Part 1, §17.4).

Positions (``at``) are 0-based indices:

- body paragraph: ``{"paragraph": i}`` (i counts every body ``w:p``, empty ones included, so it points at
  the paragraph python-docx lists as ``document.paragraphs[i]`` when there are no content controls);
- text-box paragraph: ``{"paragraph": i, "textbox": k, "line": j}`` (i = the paragraph anchoring the box);
- header paragraph: ``{"header": h, "line": j}``;
- table cell: ``{"table": t, "row": r, "col": c}`` (t counts tables in the order they are emitted;
  a table nested in a cell comes right after its outer table and its ``at`` has ``"in": {outer cell}``);
- content of an embedded ``w:altChunk`` part: its own positions plus ``"chunk": k``.

Text is what Word shows: automatic list numbers ("一、", "（三）", "1.") rendered from numbering.xml,
tracked insertions kept and deletions dropped, hidden runs and field codes dropped. A cell's
paragraphs are joined with "\n" (a label typed as "商业" / "企业" stays "商业\n企业"); ends are stripped,
so a cell holding only spaces or U+3000 is blank (""). ``doc.properties`` comes from docProps/core.xml
(title, author, created/modified as Beijing dates plus ``*_at`` timestamps) and app.xml (application,
company).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from ..errors import UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table

__all__ = ["read_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _QNames(dict):
    """``_Q["tc"]`` is ``_w("tc")``, built once."""

    def __missing__(self, tag: str) -> str:
        self[tag] = q = _w(tag)
        return q


_Q = _QNames()


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
TXBX = _w("txbxContent")
RUN, ALT_CHUNK = _w("r"), _w("altChunk")
ALT, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
VAL = _w("val")
# Subtrees whose text is not part of the paragraph's own text: text boxes (emitted separately), the
# VML fallback copy of a drawing, ruby annotations, deleted runs (tracked changes), field codes.
_SKIP = {TXBX, FALLBACK, _w("rt"), _w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"),
         _w("pPr"), _w("rPr"), _w("footnoteReference"), _w("endnoteReference")}
_CHAR = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
_TEXT = {_w("t"), f"{{{M}}}t"}
BEIJING = timezone(timedelta(hours=8))

_BAD_DOCX = (
    "DOCX 文件已损坏，无法读取（{why}）。可能是下载不完整：请重新下载原文件，"
    "或用 Word/WPS 打开后另存为 DOCX 再试"
)


# --- the package -------------------------------------------------------------------------------


@dataclass
class _Package:
    body: etree._Element
    headers: list[etree._Element] = field(default_factory=list)
    styles: dict[str, str] = field(default_factory=dict)  # style id -> style name
    styles_el: etree._Element | None = None
    numbering_el: etree._Element | None = None
    chunks: dict[str, bytes] = field(default_factory=dict)  # w:altChunk r:id -> embedded part bytes
    properties: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _open_package(path: Path) -> _Package:
    """The package's parts: straight from the zip when it is a plain, well-formed DOCX (the fast path,
    giving exactly what python-docx gives); otherwise opened with python-docx, and if it refuses a
    package Word itself opens (dangling relationships, a macro-enabled content type), read from the
    zip by the lenient raw reader."""
    try:
        pkg = _open_fast(path)
    except Exception:  # noqa: BLE001 — anything odd goes the careful way, which reports it properly
        pkg = None
    return pkg if pkg is not None else _open_checked(path)


# What python-docx 1.2 does when it opens a package (docx.opc.pkgreader, docx/__init__.py): the fast
# path below accepts a package only when python-docx would open it without complaint and read the
# same parts, so the Document is the same either way.
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_CT_XML_PARTS = {  # content types python-docx parses into XML (docx/__init__.py)
    "application/vnd.openxmlformats-package.core-properties+xml", CT_MAIN, CT_STYLES,
    *(f"application/vnd.openxmlformats-officedocument.wordprocessingml.{k}+xml"
      for k in ("comments", "footer", "header", "numbering", "settings")),
}
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False,
                          collect_ids=False)  # python-docx's options, no xml:id table (nothing looks ids up)


def _parse_like_docx(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


# Children of w:rPr (ECMA-376 §17.3.2) and w:pPr (§17.3.1) that only say how text looks: xxgk reads
# none of them (it reads w:vanish, w:pStyle, w:numPr and w:tabs, which are not here).
_FORMAT_ONLY = {
    "rPr": frozenset(_w(t) for t in (
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
        "shadow", "emboss", "imprint", "noProof", "snapToGrid", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
        "cs", "em", "lang", "eastAsianLayout", "oMath")),
    "pPr": frozenset(_w(t) for t in (
        "keepNext", "keepLines", "pageBreakBefore", "widowControl", "shd", "suppressLineNumbers",
        "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
        "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
        "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId")),
}
_W_DECL = f'xmlns:w="{W}"'.encode()


def _slim(data: bytes) -> bytes:
    """The main document part with its formatting-only ``<w:rPr>…</w:rPr>`` and ``<w:pPr>…</w:pPr>``
    emptied (``<w:rPr/>``): their content is most of a report's markup (every run repeats its fonts
    and sizes) and most of lxml's parsing time, and nothing read from the document depends on it.

    Exact: the prefix ``w`` is declared once, for WordprocessingML, and there is no comment, CDATA
    section, DOCTYPE or processing instruction, so ``<w:rPr>`` can only be the start tag of such an
    element; it is emptied only when what runs from it to the next ``</w:rPr>`` parses, on its own, as
    leaves of ``_FORMAT_ONLY`` (so that end tag is its own). Anything else stays as it is. The element
    itself stays, so which w:rPr / w:pPr comes first in a run or paragraph does not change."""
    decl = data.find(b"?>") + 2 if data.startswith(b"<?") else 0
    if (b"!" in data and b"<!" in data) or (data.find(b"?", decl) >= 0 and data.find(b"<?", decl) >= 0):
        return data  # (memchr for a rare byte first: searching for "<!" itself is slow)
    i = data.find(b"xmlns:w=")
    if i < 0 or not data.startswith(_W_DECL, i) or data.find(b"xmlns:w=", i + 1) >= 0:
        return data
    for name in ("rPr", "pPr"):  # runs' properties first: a paragraph mark's w:rPr sits inside w:pPr
        start, end, empty = f"<w:{name}>".encode(), f"</w:{name}>".encode(), f"<w:{name}/>".encode()
        parts = data.split(start)
        if len(parts) < 2:
            continue
        known = _FORMAT_ONLY_SEEN.setdefault(name, {})
        out = [parts[0]]
        for part in parts[1:]:
            inner, found, rest = part.partition(end)
            ok = known.get(inner) if found else False
            if ok is None:
                ok = _format_only(name, inner)
            if ok:
                out.append(empty)
                out.append(rest)
            else:
                out.append(start)
                out.append(part)
        data = b"".join(out)
    return data


_FORMAT_ONLY_SEEN: dict[str, dict[bytes, bool]] = {}  # "rPr"/"pPr" -> inner bytes -> _format_only


def _format_only(name: str, inner: bytes) -> bool:
    """Whether ``<w:{name}>{inner}</w:{name}>`` is one element whose children are all leaves of
    ``_FORMAT_ONLY[name]``; remembered, as a report repeats a few distinct ones (a template's reports too)."""
    try:
        el = etree.fromstring(b"<w:%s %s>%s</w:%s>" % (name.encode(), _W_DECL, inner, name.encode()), _PARSER)
        ok = all(child.tag in _FORMAT_ONLY[name] and len(child) == 0 for child in el)
    except etree.XMLSyntaxError:
        ok = False
    known = _FORMAT_ONLY_SEEN.setdefault(name, {})
    if len(known) >= 2048:
        known.clear()
    known[inner] = ok
    return ok

# Parts that belong to the template a report was written from rather than to the report itself: the
# same Word/WPS normal template (or python-docx's default) gives byte-identical styles, theme, fonts and
# settings to every report of an agency, and a seal or logo image repeats too. They are kept, by their
# exact zip entry, in ``_SHARED`` so that a batch unzips and parses them once.
_TEMPLATE_TYPES = frozenset({
    CT_STYLES,
    "application/vnd.ms-word.stylesWithEffects+xml",
    "application/vnd.openxmlformats-officedocument.theme+xml",
    "application/vnd.openxmlformats-officedocument.obfuscatedFont",
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    "application/xml",  # customXml items
    *(f"application/vnd.openxmlformats-officedocument.wordprocessingml.{k}+xml"
      for k in ("fontTable", "webSettings", "settings", "numbering")),
})
# What is read through _SHARED: template parts and the package's plumbing (relationships).
_SHARED_TYPES = _TEMPLATE_TYPES | {"application/vnd.openxmlformats-package.relationships+xml"}


class _SharedParts:
    """Template parts already read, keyed by everything ``ZipFile.read`` looks at: the central directory
    entry (name, method, CRC, sizes, flags), the local header's signature, flags, name and extra-field
    length (not its dates, nor its CRC and sizes, which zipfile does not use), and the compressed bytes
    (kept beside the part and compared on a hit). The same entry can only give the same bytes (or the
    same error), so a part found here is used without
    unzipping or checking its CRC again; its parsed tree is kept by content and is only ever read."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.blobs: dict[tuple[Any, ...], tuple[bytes, bytes]] = {}  # entry -> (compressed bytes, part)
        self.trees: dict[bytes, etree._Element] = {}
        self.made: dict[tuple[Any, ...], Any] = {}

    def read(self, z: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> bytes:
        start = info.header_offset
        head = data[start:start + 30]
        if len(head) < 30:
            return z.read(info)  # let zipfile say what is wrong
        n, m = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
        body = start + 30 + n + m
        key = (info.filename, info.compress_type, info.CRC, info.file_size, info.compress_size, info.flag_bits,
               head[0:4], head[6:8], data[start + 30:start + 30 + n], m)
        raw = data[body:body + info.compress_size]
        kept = self.blobs.get(key)  # (the compressed bytes are compared, not hashed: cheaper)
        if kept is not None and kept[0] == raw:
            return kept[1]
        blob = z.read(info)  # unzips and checks the CRC
        self._keep(self.blobs, key, (raw, blob))
        return blob

    def tree(self, blob: bytes) -> etree._Element:
        root = self.trees.get(blob)
        if root is None:
            root = _parse_like_docx(blob)
            self._keep(self.trees, blob, root)
        return root

    def derived(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """``make()``, kept under ``key`` (which holds the bytes it is made from): package structure
        parts ([Content_Types].xml, relationships) repeat from report to report like template parts.
        What is kept is only ever read."""
        if key in self.made:
            return self.made[key]
        value = make()
        self._keep(self.made, key, value)
        return value

    def holds(self, root: etree._Element) -> bool:
        return any(r is root for r in self.trees.values())

    def _keep(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        if len(table) >= self.size:
            table.pop(next(iter(table)))
        table[key] = value


_SHARED = _SharedParts()


def _rels_of(blobs: dict[str, bytes], partname: str) -> list[tuple[str, str, str, bool]] | None:
    """(rId, type, target partname, external) of a part ("/" = the package), as python-docx reads them."""
    base, name = posixpath.split(partname)
    data = blobs.get(posixpath.join(base, "_rels", name + ".rels").lstrip("/"))
    if data is None:
        return []
    return _SHARED.derived(("rels", base, data), lambda: _relationships(data, base))


def _relationships(data: bytes, base: str) -> list[tuple[str, str, str, bool]] | None:
    out = []
    for rel in _parse_like_docx(data).iter(f"{{{PKG_REL}}}Relationship"):
        rid, rtype, target = rel.get("Id"), rel.get("Type"), rel.get("Target")
        if rid is None or rtype is None or target is None:
            return None
        external = rel.get("TargetMode", "Internal") == "External"
        out.append((rid, rtype, posixpath.abspath(posixpath.join(base, target)), external))
    return out


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]] | None:
    """[Content_Types].xml as (overrides by lower-case partname, defaults by lower-case extension)."""
    def read() -> tuple[dict[str, str], dict[str, str]] | None:
        types = _parse_like_docx(data)
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for table, tag, key in ((overrides, "Override", "PartName"), (defaults, "Default", "Extension")):
            for el in types.iter(f"{{{_CT_NS}}}{tag}"):
                name, ctype = el.get(key), el.get("ContentType")
                if name is None or ctype is None:
                    return None
                table[name.lower()] = ctype
        return overrides, defaults

    return _SHARED.derived(("types", data), read)


def _content_type(name: str, overrides: dict[str, str], defaults: dict[str, str]) -> str | None:
    """The content type of a part (partname with its leading "/"), as python-docx looks it up."""
    ext = posixpath.splitext(name)[1]
    return overrides.get(name.lower()) or defaults.get(ext[1:].lower() if ext.startswith(".") else ext)


def _open_fast(path: Path) -> _Package | None:
    """The package read from the zip when it is one python-docx opens as is (every member intact,
    every relationship resolved, every XML part well-formed, one main document and one styles part);
    None when anything is unusual."""
    data = Path(path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # in memory: one read, no seeks
        infos = z.infolist()
        if len({info.filename for info in infos}) != len(infos):
            return None
        found = _content_types(_SHARED.read(z, z.getinfo("[Content_Types].xml"), data))
        if found is None:
            return None
        overrides, defaults = found
        blobs: dict[str, bytes] = {}
        ctypes: dict[str, str | None] = {}  # partname -> content type
        for info in infos:  # reading every member checks every CRC, as python-docx's reading does
            ctype = ctypes["/" + info.filename] = _content_type("/" + info.filename, overrides, defaults)
            shared = ctype is not None and (ctype in _SHARED_TYPES or ctype.startswith("image/"))
            blobs[info.filename] = _SHARED.read(z, info, data) if shared else z.read(info)
    props = _package_properties(blobs.__getitem__)
    rels: dict[str, list[tuple[str, str, str, bool]]] = {}
    parts: dict[str, tuple[str, etree._Element | None]] = {}  # partname -> (content type, XML root)

    def walk(source: str) -> bool:
        found = _rels_of(blobs, source)
        if found is None or len({r[0] for r in found}) != len(found):
            return False
        rels[source] = found
        for _rid, rtype, target, external in found:
            if external or target in parts:
                continue
            if target.lstrip("/") not in blobs or not target.startswith("/") or target.startswith("//"):
                return False
            ctype = ctypes[target]
            if ctype is None:
                return False
            xml = rtype != RT_IMAGE and ctype in _CT_XML_PARTS
            blob = blobs[target.lstrip("/")]
            if not xml:
                tree = None
            elif ctype in _TEMPLATE_TYPES:
                tree = _SHARED.tree(blob)
            elif ctype == CT_MAIN:
                tree = _parse_like_docx(_slim(blob))
            elif ctype == CT_HEADER:
                tree = _parse_like_docx(blob)
            else:  # footers, comments, core properties: read elsewhere or not at all, but must be well-formed
                _SHARED.derived(("well-formed", blob), lambda b=blob: _parse_like_docx(b) is not None)
                tree = None
            parts[target] = (ctype, tree)
            if not walk(target):
                return False
        return True

    if not walk("/"):
        return None
    mains = [r for r in rels["/"] if r[1] == RT_OFFICE_DOC]
    if len(mains) != 1 or mains[0][3] or parts[mains[0][2]][0] != CT_MAIN:
        return None
    main = mains[0][2]
    root = parts[main][1]
    body = _first(root, _Q["body"]) if root is not None else None
    by_id = {r[0]: r for r in rels[main]}
    styles = [r for r in rels[main] if r[1] == RT_STYLES]
    if body is None or len(styles) != 1 or styles[0][3] or parts[styles[0][2]][0] != CT_STYLES:
        return None
    styles_el = parts[styles[0][2]][1]
    headers = []
    seen: set[str] = set()
    for ref in root.iter(_Q["headerReference"]):
        rid = ref.get(f"{{{R}}}id")
        if rid in by_id and rid not in seen:
            seen.add(rid)
            _rid, _rtype, target, external = by_id[rid]
            if external or parts[target][1] is None:
                return None
            headers.append(parts[target][1])
    numbering_el = None
    chunks: dict[str, bytes] = {}
    for rid, rtype, target, external in rels[main]:
        if external:
            continue
        if rtype == RT_NUMBERING:
            numbering_el = parts[target][1]
            if numbering_el is None:
                numbering_el = _parse(blobs[target.lstrip("/")])
        elif rtype == RT_CHUNK:
            chunks[rid] = blobs[target.lstrip("/")]
    return _Package(body, headers, _style_names(styles_el), properties=props, styles_el=styles_el,
                    numbering_el=numbering_el, chunks=chunks)


def _open_checked(path: Path) -> _Package:
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise UnreadableFile(_BAD_DOCX.format(why="不是完整的 ZIP 压缩包"), str(path)) from e
    if bad is not None:
        raise UnreadableFile(_BAD_DOCX.format(why=f"压缩包内 {bad} 校验失败"), str(path))
    import docx  # python-docx

    try:
        d = docx.Document(str(path))
    except Exception as first:  # noqa: BLE001 — python-docx raises many kinds; the raw reader decides
        try:
            pkg = _open_raw(path)
        except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as e:
            raise UnreadableFile(_BAD_DOCX.format(why=type(e).__name__), str(path)) from first
        pkg.warnings.append(f"python-docx 无法打开此文件（{type(first).__name__}），已直接读取 XML")
        return pkg
    return _from_python_docx(path, d)


def _from_python_docx(path: Path, d: Any) -> _Package:
    part = d.part
    headers = []
    seen: set[str] = set()
    for ref in part.element.iter(_Q["headerReference"]):
        rid = ref.get(f"{{{R}}}id")
        if rid in part.rels and rid not in seen:
            seen.add(rid)
            headers.append(part.rels[rid].target_part.element)
    styles_el = d.styles.element
    numbering_el = None
    chunks: dict[str, bytes] = {}
    for rid, rel in part.rels.items():
        if rel.is_external:
            continue
        if rel.reltype == RT_NUMBERING:
            numbering_el = _parse(rel.target_part.blob) if not hasattr(rel.target_part, "element") \
                else rel.target_part.element
        elif rel.reltype == RT_CHUNK:
            chunks[rid] = rel.target_part.blob
    with zipfile.ZipFile(path) as z:
        props = _package_properties(z.read)
    return _Package(part.element.body, headers, _style_names(styles_el), properties=props, styles_el=styles_el,
                    numbering_el=numbering_el, chunks=chunks)


def _open_raw(path: Path) -> _Package:
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        main = "word/document.xml"
        if "_rels/.rels" in names:
            for rel in _parse(z.read("_rels/.rels")).iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type") == RT_OFFICE_DOC:
                    main = rel.get("Target", main).lstrip("/")
        if main not in names:
            raise UnreadableFile("DOCX 文件缺少正文部分（word/document.xml），文件已损坏或不是 Word 文档", str(path))
        root = _parse(z.read(main))
        body = _first(root, _Q["body"])
        if body is None:
            raise UnreadableFile("DOCX 正文部分没有内容（缺少 w:body），文件已损坏", str(path))
        base = PurePosixPath(main).parent
        rels_name = str(base / "_rels" / (PurePosixPath(main).name + ".rels"))
        targets: dict[str, tuple[str, str]] = {}
        if rels_name in names:
            for rel in _parse(z.read(rels_name)).iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("TargetMode") != "External":
                    targets[rel.get("Id", "")] = (rel.get("Type", ""), _join(base, rel.get("Target", "")))
        headers, seen = [], set()
        for ref in root.iter(_Q["headerReference"]):
            rtype, target = targets.get(ref.get(f"{{{R}}}id", ""), ("", ""))
            if rtype == RT_HEADER and target in names and target not in seen:
                seen.add(target)
                headers.append(_parse(z.read(target)))
        parts: dict[str, etree._Element] = {}
        chunks: dict[str, bytes] = {}
        for rid, (rtype, target) in targets.items():
            if rtype in (RT_STYLES, RT_NUMBERING) and target in names:
                parts[rtype] = _parse(z.read(target))
            elif rtype == RT_CHUNK and target in names:
                chunks[rid] = z.read(target)
        props = _package_properties(z.read)
    styles_el = parts.get(RT_STYLES)
    return _Package(body, headers, _style_names(styles_el) if styles_el is not None else {}, properties=props,
                    styles_el=styles_el, numbering_el=parts.get(RT_NUMBERING), chunks=chunks)


def _join(base: PurePosixPath, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for seg in (*base.parts, *target.split("/")):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    return "/".join(parts)


_LENIENT = etree.XMLParser(resolve_entities=False, huge_tree=True)


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _LENIENT)


_NAMES_SEEN: dict[etree._Element, dict[str, str]] = {}  # for the shared trees of _SHARED


def _style_names(styles_el: etree._Element) -> dict[str, str]:
    if styles_el in _NAMES_SEEN:
        return dict(_NAMES_SEEN[styles_el])
    out = _style_names_of(styles_el)
    if _SHARED.holds(styles_el):
        if len(_NAMES_SEEN) >= 8:
            _NAMES_SEEN.pop(next(iter(_NAMES_SEEN)))
        _NAMES_SEEN[styles_el] = dict(out)
    return out


def _style_names_of(styles_el: etree._Element) -> dict[str, str]:
    out = {}
    for st in styles_el.iter(_Q["style"]):
        name = _first(st, _Q["name"])
        if name is not None and st.get(_Q["styleId"]):
            out[st.get(_Q["styleId"])] = name.get(VAL)
    return out


_CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": "keywords",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": "last_modified_by",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
}


def _package_properties(read: Callable[[str], bytes]) -> dict[str, str]:
    """Core properties (docProps/core.xml) and app properties, read from the zip itself.

    python-docx is not used here: when it misses the core part (LibreOffice writes the relationship
    type as ".../officedocument/..." in lower case) it makes up defaults — title "Word Document",
    modified "now" — which would be invented metadata.
    """
    props: dict[str, str] = {}
    try:
        root = _parse(read("docProps/core.xml"))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error):
        root = None
    for el in root if root is not None else ():
        key = _CORE.get(el.tag)
        text = (el.text or "").strip()
        if key is None or not text:
            continue
        if key in ("created", "modified"):
            props.update(_dates(key, text))
        else:
            props[key] = text
    props.update(_app_properties(read))
    return props


def _dates(key: str, text: str) -> dict[str, str]:
    """Core-property timestamps are W3CDTF, normally UTC; the date an agency saw is the Beijing date."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return {}
    if value.year < 1980:  # 1601/1899 placeholders some writers leave
        return {}
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(BEIJING)
    return {key: local.date().isoformat(), f"{key}_at": local.isoformat()}


def _app_properties(read: Callable[[str], bytes]) -> dict[str, str]:
    """docProps/app.xml: the program that wrote the file, and the Company field (often the agency)."""
    try:
        root = _parse(read("docProps/app.xml"))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error):
        return {}
    out = {}
    for el in root:
        name = etree.QName(el).localname
        if name in ("Application", "Company") and (el.text or "").strip():
            out[name.lower()] = el.text.strip()
    return out


# --- text --------------------------------------------------------------------------------------


def _hidden(run: etree._Element) -> bool:
    """w:vanish: text Word does not show (nor print)."""
    rpr = _first(run, _Q["rPr"])
    v = _first(rpr, _Q["vanish"]) if rpr is not None else None
    return v is not None and v.get(VAL, "true") not in ("0", "false", "off")


def _para_text(p: etree._Element, boxes: list[etree._Element] | None = None, vanish: bool = True) -> str:
    """The visible text of one ``w:p``; text boxes met on the way are appended to ``boxes``."""
    return _para(p, boxes, vanish)[0]


PPR, RPR, VANISH, SYM, NUMPR, PSTYLE = (_w(t) for t in ("pPr", "rPr", "vanish", "sym", "numPr", "pStyle"))
_RUN_SKIP = _SKIP - {TXBX}  # children of a w:r that add no text (a text box there takes the general way)
_NOT_SHOWN = ("0", "false", "off")


def _run_texts(run: etree._Element, vanish: bool) -> list[str] | None:
    """The text of a plain ``w:r`` (children only properties, text, tabs, breaks and ``_SKIP`` ones):
    [] when hidden; None when the run holds anything else (then it is walked the general way)."""
    texts: list[str] = []
    seen_rpr = True
    hidden = False
    for c in run[:]:
        ct = c.tag
        if ct in _TEXT:
            texts.append(c.text or "")
        elif ct == RPR:
            if seen_rpr:
                seen_rpr = False
                if vanish:
                    for v in c[:]:
                        if v.tag == VANISH:
                            hidden = v.get(VAL, "true") not in _NOT_SHOWN
                            break
        elif ct in _CHAR:
            texts.append(_CHAR[ct])
        elif ct not in _RUN_SKIP:
            return None
    return [] if hidden else texts


def _para(p: etree._Element, boxes: list[etree._Element] | None = None,
          vanish: bool = True) -> tuple[str, etree._Element | None]:
    """``_para_text`` and the paragraph's own ``w:pPr`` (its first, None when it has none).

    Depth-first over the paragraph, skipping the subtrees of ``_SKIP``; a plain run (properties, text,
    tabs, breaks) is read in one loop over its children, anything else takes the general way.
    ``vanish=False`` is the caller's word that no ``w:vanish`` occurs in the paragraph (nothing hidden).
    Children are walked as slices (lists built in C), cheaper than lxml's child iterators."""
    out: list[str] = []
    ppr = None
    for el in p[:]:
        tag = el.tag
        if tag == RUN:
            texts = _run_texts(el, vanish)
            if texts is not None:
                out.extend(texts)
                continue
        elif tag == PPR:
            if ppr is None:
                ppr = el
            continue
        _walk(el, out, boxes, vanish)
    return "".join(out), ppr


def _walk(top: etree._Element, out: list[str], boxes: list[etree._Element] | None, vanish: bool) -> None:
    """The text of ``top`` and what it holds, appended to ``out`` (the general way of ``_para``)."""
    stack = [iter((top,))]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if tag == RUN:
            texts = _run_texts(el, vanish)
            if texts is not None:
                out.extend(texts)
            elif not (vanish and _hidden(el)):
                stack.append(iter(el[:]))
            continue
        if not isinstance(tag, str):  # comments, processing instructions
            continue
        if tag == TXBX:
            if boxes is not None:
                boxes.append(el)
            continue
        if tag in _SKIP:
            continue
        if tag in _TEXT:
            out.append(el.text or "")
        elif tag in _CHAR:
            out.append(_CHAR[tag])
        elif tag == SYM:
            ch = el.get(_Q["char"], "")
            # Symbol-font glyphs live in the private-use area (F0xx); they have no text meaning.
            if re.fullmatch(r"[0-9A-Fa-f]{4}", ch) and not ch.upper().startswith("F0"):
                out.append(chr(int(ch, 16)))
        else:
            stack.append(iter(el[:]))


def _clean(text: str) -> str:
    # Strip ends (incl. U+3000 / U+00A0 padding Word users type into blank cells); keep inner layout.
    if "\n" not in text:  # one line: the same as below, without the split and join
        return text.strip()
    return "\n".join(line.strip() for line in text.strip().split("\n")).strip()


# --- list numbering -----------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _format_number(n: int, fmt: str) -> str:
    """A list counter in one of the ECMA-376 ST_NumberFormat styles Chinese documents use."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt in ("ideographTraditional", "ideographZodiac"):
        seq = "甲乙丙丁戊己庚辛壬癸" if fmt == "ideographTraditional" else "子丑寅卯辰巳午未申酉戌亥"
        return seq[(n - 1) % len(seq)] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letter(n) if fmt == "lowerLetter" else _letter(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


_STYLE_NUM_SEEN: dict[etree._Element, dict[str, tuple[str, int]]] = {}  # for the shared trees of _SHARED


def _style_numbering(styles: etree._Element) -> dict[str, tuple[str, int]]:
    """Style id -> (numId, ilvl) of the styles that number their paragraphs; memoised for the shared
    style trees of ``_SHARED`` (read only, so the same tree gives the same answer)."""
    if styles in _STYLE_NUM_SEEN:
        return dict(_STYLE_NUM_SEEN[styles])
    out: dict[str, tuple[str, int]] = {}
    for st in styles.iter(_Q["style"]):
        numpr = st.find(f"{_w('pPr')}/{_w('numPr')}")
        if numpr is not None and st.get(_Q["styleId"]):
            out[st.get(_Q["styleId"])] = (_val(numpr, "numId", "") or "", _int(_val(numpr, "ilvl"), 0))
    if _SHARED.holds(styles):
        if len(_STYLE_NUM_SEEN) >= 8:
            _STYLE_NUM_SEEN.pop(next(iter(_STYLE_NUM_SEEN)))
        _STYLE_NUM_SEEN[styles] = dict(out)
    return out


class _Numbering:
    """Renders automatic list numbers ("一、", "（三）", "1.") that Word draws but does not store as text.

    Counters follow Word: lists are counted per abstract definition (num instances sharing it continue
    one another unless they override the start), and a level restarts after any shallower level.
    """

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.numbering = numbering
        self.style_num: dict[str, tuple[str, int]] = {}  # style id -> (numId, ilvl)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.active = True  # False: no paragraph of the body is numbered (see read_docx)
        if styles is not None:
            self.style_num = _style_numbering(styles)

    @cached_property
    def abstract(self) -> dict[str, dict[int, tuple[int, str, str]]]:
        """abstractNumId -> ilvl -> (start, format, level text); read when a paragraph is numbered."""
        out: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in self.numbering.iter(_Q["abstractNum"]) if self.numbering is not None else ():
            levels = {}
            for lvl in an.iter(_Q["lvl"]):
                start = _int(_val(lvl, "start"), 1)
                levels[_int(lvl.get(_Q["ilvl"]), 0)] = (start, _val(lvl, "numFmt", "decimal") or "decimal",
                                                        _val(lvl, "lvlText", "") or "")
            out[an.get(_Q["abstractNumId"], "")] = levels
        return out

    @cached_property
    def nums(self) -> dict[str, tuple[str, dict[int, int]]]:
        """numId -> (abstractNumId, start overrides by ilvl); read when a paragraph is numbered."""
        out: dict[str, tuple[str, dict[int, int]]] = {}
        for num in self.numbering.iter(_Q["num"]) if self.numbering is not None else ():
            overrides = {}
            for ov in num.iter(_Q["lvlOverride"]):
                so = _val(ov, "startOverride")
                if so is not None:
                    overrides[_int(ov.get(_Q["ilvl"]), 0)] = _int(so, 1)
            out[num.get(_Q["numId"], "")] = (_val(num, "abstractNumId", "") or "", overrides)
        return out

    def is_numbered(self, el: etree._Element) -> bool:
        """Whether a ``w:numPr`` or ``w:pStyle`` met in the body may number its paragraph."""
        return el.tag == NUMPR or el.get(VAL, "") in self.style_num

    def label(self, ppr: etree._Element | None) -> str:
        """The list number of the paragraph whose ``w:pPr`` is ``ppr`` (None: it has none), counted."""
        if not self.active or not self.nums or ppr is None:
            return ""
        numpr = pstyle = None
        for c in ppr[:]:  # a slice is a list made in C: cheaper than iterating or find() here
            tag = c.tag
            if tag == NUMPR:
                if numpr is None:
                    numpr = c
            elif tag == PSTYLE and pstyle is None:
                pstyle = c
        num_id, ilvl = None, 0
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"), 0)
        if num_id is None:
            sid = pstyle.get(VAL, "") if pstyle is not None else None
            num_id, ilvl = self.style_num.get(sid or "", (None, 0))
            if numpr is not None and _val(numpr, "ilvl") is not None:
                ilvl = _int(_val(numpr, "ilvl"), 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:  # a num with its own start value begins the list again
            self.started.add(num_id)
            if overrides:
                counts[:] = [None] * 9
        ilvl = min(ilvl, 8)
        start = overrides.get(ilvl, levels[ilvl][0])
        counts[ilvl] = start if counts[ilvl] is None else counts[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        fmt, text = levels[ilvl][1], levels[ilvl][2]
        if fmt == "bullet":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k <= 8 or k not in levels:
                return ""
            n = counts[k] if counts[k] is not None else levels[k][0]
            return _format_number(n, levels[k][1])

        return re.sub(r"%([1-9])", sub, text)


# --- walking -----------------------------------------------------------------------------------


def _children(container: etree._Element):
    """Block-level children, looking through content controls and custom XML wrappers."""
    for el in container[:]:  # an element's slice (a list built in C) is cheaper to walk than the element
        if el.tag in (SDT, CUSTOM_XML):
            inner = el.find(SDT_CONTENT) if el.tag == SDT else el
            if inner is not None:
                yield from _children(inner)
        elif el.tag == ALT:
            choice = el.find(CHOICE)
            if choice is not None:
                yield from _children(choice)
        else:
            yield el


def _first(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain tag name (the first such child), without find()'s path parsing."""
    for child in el.iterchildren(tag):
        return child
    return None


def _val(pr: etree._Element | None, tag: str, default: str | None = None) -> str | None:
    if pr is None:
        return default
    el = _first(pr, _Q[tag])
    if el is None:
        return default
    return el.get(VAL, "")


def _int(s: str | None, default: int) -> int:
    try:
        return max(int(s), 0) if s is not None else default
    except ValueError:
        return default


@dataclass(slots=True)
class _Tc:
    text: str
    at: dict[str, Any]
    span: int
    vmerge: str | None
    hmerge: str | None
    width: int | None  # preferred width in twentieths of a point, when given in dxa


@dataclass(slots=True)
class _Row:
    before: int  # w:gridBefore: grid columns skipped at the start
    after: int
    width_before: int | None
    cells: list[_Tc] = field(default_factory=list)


def _firsts(pr: etree._Element | None, tags: dict[str, int]) -> list[etree._Element | None]:
    """The first child of ``pr`` with each tag of ``tags`` (tag -> index in the answer), in one pass."""
    out: list[etree._Element | None] = [None] * len(tags)
    if pr is not None:
        for el in pr[:]:
            i = tags.get(el.tag)
            if i is not None and out[i] is None:
                out[i] = el
    return out


_TRPR_TAGS = {_w("gridBefore"): 0, _w("gridAfter"): 1, _w("wBefore"): 2}
GRID_SPAN, VMERGE, HMERGE, TCW = (_w(t) for t in ("gridSpan", "vMerge", "hMerge", "tcW"))
TRPR, TCPR = _w("trPr"), _w("tcPr")
_WRAPPERS = (SDT, CUSTOM_XML, ALT)


W_TYPE, W_W = _w("type"), _w("w")


def _dxa_of(el: etree._Element | None) -> int | None:
    if el is None or el.get(W_TYPE, "dxa") != "dxa":
        return None
    try:
        return int(float(el.get(W_W, "")))
    except ValueError:
        return None


Positions = list[list[tuple[int, int]]]  # per row, per w:tc: (grid column, span)


def _grid_positions(rows: list[_Row], strict: bool = True) -> Positions | None:
    """Positions from gridBefore/gridSpan; None (when strict) if the rows do not all fill the same grid."""
    out, widths = [], set()
    for row in rows:
        col, pos = row.before, []
        for tc in row.cells:
            pos.append((col, tc.span))
            col += tc.span
        out.append(pos)
        if row.cells:
            widths.add(col + row.after)
    return out if len(widths) <= 1 or not strict else None


def _width_positions(rows: list[_Row], tolerance: int = 60) -> Positions | None:
    """Positions from cell widths, for ragged tables that leave out gridSpan (converters, old WPS):
    every cell edge becomes a column boundary, edges closer than ``tolerance`` twips being one."""
    edges: list[list[tuple[int, int]]] = []
    for row in rows:
        x = row.width_before or 0
        if row.before and row.width_before is None:
            return None
        spans = []
        for tc in row.cells:
            if tc.width is None or tc.width <= 0:
                return None
            spans.append((x, x + tc.width))
            x += tc.width
        edges.append(spans)
    points = sorted({p for spans in edges for s in spans for p in s})
    if not points:
        return None
    bounds = [points[0]]
    for p in points[1:]:
        if p - bounds[-1] > tolerance:
            bounds.append(p)

    def index(x: int) -> int:
        return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))

    out = []
    for spans in edges:
        pos = []
        for a, b in spans:
            i, j = index(a), index(b)
            pos.append((i, max(j - i, 1)))
        out.append(pos)
    return out


# The plain walk (``_Reader.flow_plain``). Most bodies hold nothing but paragraphs of runs and flat
# tables; for them one pass of lxml's tag-filtered ``iter`` (done in C: only the elements named here
# become Python objects, not the many property elements around them) gives the same blocks as the
# general walk in a fraction of its time. Any element of ``_PLAIN_STOP`` — text boxes, alternate
# content, content controls, custom XML, embedded chunks, tracked deletions, field codes, ruby text,
# note references, symbols, math text, legacy merges — a nested table, or a named element out of its
# usual place (text outside a run, a cell property outside the cell's first w:tcPr, ...) makes it give
# up, and the general walk reads the body. Hidden text and list numbering never reach it.
T, TAB, TABS = _w("t"), _w("tab"), _w("tabs")
_MERGES = {GRID_SPAN: 0, VMERGE: 1}
_PLAIN_STOP = (TXBX, FALLBACK, ALT, CHOICE, SDT, CUSTOM_XML, ALT_CHUNK, SYM, HMERGE, f"{{{M}}}t",
               *(_w(t) for t in ("rt", "del", "moveFrom", "instrText", "delInstrText",
                                 "footnoteReference", "endnoteReference")))
_OFFSETS = {_w("gridBefore"): 0, _w("gridAfter"): 1}
_PLAIN_TAGS = (P, TBL, TR, *_OFFSETS, TC, *_MERGES, PSTYLE, T, *_CHAR, *_PLAIN_STOP)


class _Reader:
    def __init__(self, styles: dict[str, str], numbering: _Numbering | None = None,
                 chunks: dict[str, bytes] | None = None) -> None:
        self.styles = styles
        self.chunks = chunks or {}
        self.n_chunk = 0
        self.numbering = numbering or _Numbering(None, None)
        self.blocks: list[Block] = []
        self.n_par = 0
        self.n_tbl = 0
        self.warnings: list[str] = []
        self.vanish = True  # False once the body is known to hold no w:vanish (no hidden text to drop)

    # the plain walk
    def flow_plain(self, body: etree._Element) -> bool:
        """Read a plain body in one tag-filtered pass (see ``_PLAIN_TAGS``); False, with nothing kept,
        when the body holds anything the plain walk does not know — then ``flow`` reads it.

        Only the elements of ``_PLAIN_TAGS`` become Python objects: cell widths and the property
        elements are never touched, and grid cells are made as the cells close, the way ``_grid``
        makes them. A table whose rows do not fill one grid (``_grid`` then aligns them by the cell
        widths) gives up, and so does a merge or grid offset that is not in the first w:tcPr / w:trPr
        of its cell or row (where the general walk reads them), or a row offset after the row's cells."""
        blocks: list[Block] = []
        styles = self.styles
        n_par, n_tbl = self.n_par, self.n_tbl
        p = tbl = tr = tc = None  # the open paragraph, table, row and cell
        texts: list[str] = []  # of the open paragraph
        style: str | None = None  # of the open body paragraph
        in_cell = False
        table = Table()
        r = -1  # the open row's index
        col = 0  # grid column of the open row's next cell
        cells: list[GridCell] = []  # of the open row
        owner: dict[int, GridCell] = {}  # grid column -> the cell covering it in the open row
        above_row: dict[int, GridCell] = {}  # the same for the row above
        widths: set[int] = set()  # grid columns each row fills
        lines: list[str] = []  # of the open cell
        merge: list[etree._Element | None] = [None, None]  # the open cell's gridSpan, vMerge
        offsets: list[etree._Element | None] = [None, None]  # the open row's gridBefore, gridAfter

        def close_paragraph() -> None:
            text = "".join(texts)
            if in_cell:
                lines.append(text)
            else:
                text = _clean(text)
                if text:
                    blocks.append(Paragraph(text, {"paragraph": n_par - 1}, style))

        def close_cell() -> None:  # as _grid does, for one cell
            nonlocal col
            if len(lines) == 1:
                text = lines[0]
                text = text.strip() if "\n" not in text else _clean(text)  # (_clean, inlined)
            else:
                text = _clean("\n".join(x for x in lines if x.strip()))
            gs, vm = merge
            span = 1 if gs is None else max(_int(gs.get(VAL, ""), 1), 1)
            start = col
            col += span
            if vm is not None and vm.get(VAL, "") != "restart":  # "continue" (or no val)
                above = above_row.get(start)
                if above is not None and above.col == start:
                    above.rowspan = r - above.row + 1
                    for j in range(start, start + above.colspan):
                        owner[j] = above
                    if text:
                        above.text = f"{above.text}\n{text}" if above.text else text
                    return
            cell = GridCell(text, r, start, 1, span, {"table": n_tbl - 1, "row": r, "col": start})
            if span == 1:
                owner[start] = cell
            else:
                for j in range(start, col):
                    owner[j] = cell
            cells.append(cell)

        def close_row() -> None:
            if tc is not None:  # the row has cells
                ga = offsets[1]
                widths.add(col + (0 if ga is None else _int(ga.get(VAL, ""), 0)))
            table.rows.append(cells)

        def close_table() -> bool:  # False: the rows do not fill one grid (see _grid)
            if tc is not None:
                close_cell()
            if tr is not None:
                close_row()
            if len(widths) > 1:
                return False
            blocks.append(table)
            return True

        for el in body.iter(*_PLAIN_TAGS):
            tag = el.tag  # (the branches go from the most frequent element down)
            if tag == P:
                if p is not None:
                    if in_cell:  # (close_paragraph, inlined for the most frequent case)
                        lines.append("".join(texts))
                    else:
                        close_paragraph()
                parent = el.getparent()
                if tc is not None and parent is tc:
                    in_cell = True
                elif parent is body:
                    if tbl is not None:
                        if not close_table():
                            return False
                        tbl = tr = tc = None
                    in_cell = False
                    n_par += 1
                    style = None
                else:
                    return False
                p, texts = el, []
            elif tag == TC:
                if tr is None or el.getparent() is not tr:
                    return False
                if tc is not None:
                    if p is not None:  # the open cell's last paragraph
                        lines.append("".join(texts))
                    close_cell()
                elif offsets[0] is not None:  # the row's first cell: after its grid offset
                    col = _int(offsets[0].get(VAL, ""), 0)
                p, tc, lines, merge = None, el, [], [None, None]
            elif tag == T or tag in _CHAR:
                parent = el.getparent()
                if p is not None and parent.tag == RUN:
                    up = parent.getparent()  # the run must be in the open paragraph, in nothing skipped
                    while up is not p:
                        if up is None or up.tag in _SKIP:
                            return False
                        up = up.getparent()
                    texts.append((el.text or "") if tag == T else _CHAR[tag])
                elif not (tag == TAB and parent.tag == TABS and parent.getparent().tag == PPR):
                    return False  # text out of a run; only a pPr's tab stops are skipped
            elif tag == TR:
                if tbl is None or el.getparent() is not tbl:
                    return False
                if tc is not None:
                    if p is not None:  # the open cell's last paragraph
                        lines.append("".join(texts))
                    close_cell()
                if tr is not None:
                    close_row()
                p, tc, tr, offsets = None, None, el, [None, None]
                r, col, cells, above_row, owner = r + 1, 0, [], owner, {}
            elif tag in _MERGES:  # w:gridSpan / w:vMerge: in the first w:tcPr of the open cell
                i = _MERGES[tag]
                parent = el.getparent()
                if (tc is None or merge[i] is not None or parent.tag != TCPR or parent.getparent() is not tc
                        or _first(tc, TCPR) is not parent):
                    return False
                merge[i] = el
            elif tag in _OFFSETS:  # w:gridBefore / w:gridAfter: in the row's first w:trPr, before its cells
                i = _OFFSETS[tag]
                parent = el.getparent()
                if (tr is None or tc is not None or offsets[i] is not None or parent.tag != TRPR
                        or parent.getparent() is not tr or _first(tr, TRPR) is not parent):
                    return False
                offsets[i] = el
            elif tag == PSTYLE:
                parent = el.getparent()
                if p is None or parent.tag != PPR or parent.getparent() is not p:
                    return False
                if not in_cell:  # (a cell paragraph's style is not used)
                    if _first(p, PPR) is not parent or _first(parent, PSTYLE) is not el:
                        return False
                    sid = el.get(VAL, "")
                    style = styles.get(sid, sid) if sid else None
            elif tag == TBL:
                if el.getparent() is not body:
                    return False  # a nested table
                if p is not None:
                    close_paragraph()
                if tbl is not None and not close_table():  # two tables in a row
                    return False
                p = tr = tc = None
                tbl, r, owner, widths = el, -1, {}, set()
                table = Table(at={"table": n_tbl}, layout="grid")
                n_tbl += 1
            else:  # one of _PLAIN_STOP
                return False
        if p is not None:
            close_paragraph()
        if tbl is not None and not close_table():
            return False
        self.blocks.extend(blocks)
        self.n_par, self.n_tbl = n_par, n_tbl
        return True

    # body / text-box flow
    def flow(self, container: etree._Element, anchor: dict[str, Any] | None = None) -> None:
        line = 0
        for el in _children(container):
            if el.tag == P:
                boxes: list[etree._Element] = []
                text, ppr = _para(el, boxes, self.vanish)
                text = _clean(self.numbering.label(ppr) + text)
                if anchor is None:
                    at = {"paragraph": self.n_par}
                    self.n_par += 1
                else:
                    at = {**anchor, "line": line}
                    line += 1
                # A floating box is drawn at or above its anchor paragraph (titles are often boxed).
                for k, box in enumerate(boxes):
                    self.flow(box, {"paragraph": at["paragraph"], "textbox": k} if anchor is None else anchor)
                if text:
                    self.blocks.append(Paragraph(text, at, self._style(ppr)))
            elif el.tag == TBL:
                self.blocks.extend(self.table(el, parent=anchor))
            elif el.tag == ALT_CHUNK:
                self.alt_chunk(el.get(f"{{{R}}}id", ""))

    def alt_chunk(self, rid: str) -> None:
        """w:altChunk: content imported from an embedded HTML/MHT/DOCX/text part when Word opens the
        file (ECMA-376 §17.17.2.1); some web exporters put the whole report in one."""
        data = self.chunks.get(rid)
        k = self.n_chunk
        self.n_chunk += 1
        if not data:
            self.warnings.append(f"嵌入内容块 {k + 1} 缺失，未能读取")
            return
        head = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
        if data.startswith(b"PK\x03\x04"):
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".docx") as tmp:
                tmp.write(data)
                tmp.flush()
                sub = read_docx(tmp.name)
        elif head.startswith((b"<", b"mime-version")) or b"<html" in head:
            from .html import read_html

            sub = read_html(data, f"altChunk {k + 1}")
        elif head.startswith(b"{\\rtf"):
            self.warnings.append(f"嵌入内容块 {k + 1} 是 RTF 格式，未读取；请用 Word/WPS 打开后另存为 DOCX 再试")
            return
        else:
            from .html import decode_html

            text = decode_html(data)[0]
            sub = Document([Paragraph(t.strip(), {"paragraph": i}) for i, t in enumerate(text.splitlines())
                            if t.strip()])
        base = self.n_tbl
        for b in sub.blocks:
            if isinstance(b, Table):
                b.at = {**b.at, "table": base + b.at.get("table", 0), "chunk": k}
                if isinstance(b.at.get("in"), dict) and "table" in b.at["in"]:
                    b.at["in"] = {**b.at["in"], "table": base + b.at["in"]["table"]}
                for cell in (c for r in b.rows for c in r):
                    cell.at = {**cell.at, "table": base + cell.at.get("table", 0)}
            else:
                b.at = {"chunk": k, **b.at}
            self.blocks.append(b)
        self.n_tbl += len(sub.tables)
        self.warnings.extend(sub.warnings)

    def _style(self, ppr: etree._Element | None) -> str | None:
        sid = _val(ppr, "pStyle")
        return self.styles.get(sid, sid) if sid else None

    # tables
    def table(self, tbl: etree._Element, parent: dict[str, Any] | None = None) -> list[Table]:
        t = self.n_tbl
        self.n_tbl += 1
        table = Table(at={"table": t} if parent is None else {"table": t, "in": parent}, layout="grid")
        nested: list[Table] = []
        rows: list[_Row] = []
        for r, tr in enumerate(el for el in _children(tbl) if el.tag == TR):
            trpr = None
            tcs: list[etree._Element] = []
            for child in tr[:]:
                tag = child.tag
                if tag == TC:
                    tcs.append(child)
                elif tag == TRPR:
                    if trpr is None:
                        trpr = child
                elif tag in _WRAPPERS:
                    tcs.extend(el for el in _children((child,)) if el.tag == TC)
            gb, ga, wb = _firsts(trpr, _TRPR_TAGS)
            row = _Row(_int(gb.get(VAL, "") if gb is not None else None, 0),
                       _int(ga.get(VAL, "") if ga is not None else None, 0), _dxa_of(wb))
            for tc in tcs:
                at: dict[str, Any] = {"table": t, "row": r}  # "col" is set once positions are known
                text, inner, tcpr = self._cell_content(tc, at)
                if inner:
                    nested.extend(inner)
                gs = vm = hm = w = None  # the first gridSpan, vMerge, hMerge, tcW of the tcPr
                if tcpr is not None:
                    for el in tcpr[:]:
                        tag = el.tag
                        if tag == TCW:
                            if w is None:
                                w = el
                        elif tag == GRID_SPAN:
                            if gs is None:
                                gs = el
                        elif tag == VMERGE:
                            if vm is None:
                                vm = el
                        elif tag == HMERGE and hm is None:
                            hm = el
                row.cells.append(_Tc(text, at, max(_int(gs.get(VAL, "") if gs is not None else None, 1), 1),
                                     vm.get(VAL, "") if vm is not None else None,
                                     hm.get(VAL, "") if hm is not None else None, _dxa_of(w)))
            rows.append(row)
        self._grid(table, rows)
        return [table, *nested]

    def _grid(self, table: Table, rows: list[_Row], positions: Positions | None = None) -> None:
        """The grid of a table from its rows of ``w:tc``: positions from gridBefore/gridSpan (or cell
        widths), vertical and legacy horizontal merges folded into their first cell."""
        t = table.at["table"]
        positions = positions or _grid_positions(rows)
        if positions is None:
            positions = _width_positions(rows)
            self.warnings.append(
                f"表格 {t + 1} 各行的列数不一致，"
                + ("已按单元格宽度对齐各列" if positions else "个别单元格的列位置可能有偏差")
            )
            positions = positions or _grid_positions(rows, strict=False)
        owner: dict[int, GridCell] = {}  # grid column -> the cell covering it in this row
        for r, (row, pos) in enumerate(zip(rows, positions, strict=True)):
            out: list[GridCell] = []
            above_row, owner = owner, {}  # only the row above is ever looked at
            for tc, (col, span) in zip(row.cells, pos, strict=True):
                tc.at["col"] = col
                vmerge = tc.vmerge
                if vmerge is not None and vmerge != "restart":  # "continue" (or no val)
                    above = above_row.get(col)
                    if above is not None and above.col == col:
                        above.rowspan = r - above.row + 1
                        for j in range(above.col, above.col + above.colspan):
                            owner[j] = above
                        if tc.text:  # Word shows only the first cell's text; keep any stray text anyway
                            above.text = f"{above.text}\n{tc.text}" if above.text else tc.text
                        continue
                if tc.hmerge is not None and tc.hmerge != "restart" and out:  # legacy horizontal merge
                    left = out[-1]
                    left.colspan = col + span - left.col
                    for j in range(col, col + span):
                        owner[j] = left
                    if tc.text:
                        left.text = f"{left.text}\n{tc.text}" if left.text else tc.text
                    continue
                cell = GridCell(tc.text, r, col, 1, span, tc.at)
                if span == 1:
                    owner[col] = cell
                else:
                    for j in range(col, col + span):
                        owner[j] = cell
                out.append(cell)
            table.rows.append(out)

    def _cell_content(self, tc: etree._Element, at: dict[str, Any]
                      ) -> tuple[str, list[Table], etree._Element | None]:
        """The cell's text, the tables nested in it, and its own (first) ``w:tcPr``, in one pass."""
        lines: list[str] = []
        nested: list[Table] = []
        tcpr = None
        for child in tc[:]:
            tag = child.tag
            if tag == TCPR:
                if tcpr is None:
                    tcpr = child
                continue
            for el in _children((child,)) if tag in _WRAPPERS else (child,):
                tag = el.tag
                if tag == P:
                    boxes: list[etree._Element] = []
                    text, ppr = _para(el, boxes, self.vanish)
                    lines.append(self.numbering.label(ppr) + text)
                    for box in boxes:  # a text box inside a cell belongs to the cell
                        lines.extend(_para_text(p, None, self.vanish) for p in box.iter(P))
                elif tag == TBL:
                    nested.extend(self.table(el, parent=at))
        if len(lines) == 1:  # the usual cell: one paragraph
            return _clean(lines[0]), nested, tcpr
        return _clean("\n".join(x for x in lines if x.strip())), nested, tcpr


def clear_caches() -> None:
    """Forget the parts kept from packages read before (``_SHARED`` and what is derived from it), as
    if each report were the first of its template: for measuring reports that share nothing."""
    for table in (_SHARED.blobs, _SHARED.trees, _SHARED.made, _FORMAT_ONLY_SEEN, _NAMES_SEEN, _STYLE_NUM_SEEN):
        table.clear()

def read_docx(path: str | Path) -> Document:
    """Read a .docx file into a Document (headers first, then the body in order)."""
    path = Path(path)
    pkg = _open_package(path)
    reader = _Reader(pkg.styles, _Numbering(pkg.numbering_el, pkg.styles_el), pkg.chunks)
    seen: set[str] = set()
    for h, hdr in enumerate(pkg.headers):
        for j, p in enumerate(hdr.iter(P)):
            text = _clean(_para_text(p))
            if text and text not in seen:  # the same header repeats in every section
                seen.add(text)
                reader.blocks.append(Paragraph(text, {"header": h, "line": j}, "header"))
    # One pass in C over the body: is any text hidden (w:vanish), may any paragraph be numbered? When
    # not, the walk skips looking for either (every run shown, every label "" and nothing counted).
    vanish = numbered = False
    for el in pkg.body.iter(VANISH, NUMPR, PSTYLE):
        if el.tag == VANISH:
            vanish = True
        elif not numbered:
            numbered = reader.numbering.is_numbered(el)
        if vanish and numbered:
            break
    reader.vanish = vanish
    reader.numbering.active = numbered
    if vanish or numbered or not reader.flow_plain(pkg.body):
        reader.flow(pkg.body)
    doc = Document(
        blocks=reader.blocks,
        source={"file": str(path), "format": "docx"},
        properties=pkg.properties,
        warnings=[*pkg.warnings, *reader.warnings],
    )
    return doc
