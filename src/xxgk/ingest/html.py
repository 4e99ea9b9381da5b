"""HTML page (as saved from a government website) → Document.

Steps, each kept simple and inspectable (``doc.source["container"]`` names the element read):

1. decode: BOM, else the declared ``<meta charset>`` / ``http-equiv`` / XML encoding (GB2312 and GBK are
   read as their superset GB18030), else UTF-8, else charset-normalizer's guess;
2. metadata: ``<title>``, CMS ``<meta>`` tags (PubDate, SiteName…), a "发布时间：…" line;
3. drop site chrome: scripts, ``nav``/``header``/``footer``, elements whose class or id says nav, menu,
   breadcrumb, share…, unless they hold the report's title or a large part of the page's text;
4. pick the main container: from ``<body>`` go down while one child holds most of the text and keeps the
   report title (the element "holding the report title + most text");
5. walk it: block elements become paragraphs, ``<br>`` breaks a line, data tables become grids with
   rowspan/colspan, layout tables (a table holding tables, or long prose) are read as flow.

Positions (``at``) are 0-based: ``{"paragraph": i}`` counts the paragraphs emitted,
``{"table": t, "row": r, "col": c}`` is the cell's grid position.
"""

from __future__ import annotations

import codecs
import email
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from ..errors import UnreadableFile
from .document import Block, Document, GridCell, Paragraph, Table

__all__ = ["HtmlSettings", "SETTINGS", "decode_html", "read_html"]


@dataclass
class HtmlSettings:
    descend_share: float = 0.5  # a child holding this share of its parent's text is the better container
    left_behind_chars: int = 80  # … unless a sibling holds more unlinked text than this
    left_behind_share: float = 0.15  # … and more than this share of the parent's text
    protect_share: float = 0.3  # chrome-looking elements holding this share of the page text are kept
    layout_cell_chars: int = 300  # a table cell with more text than this is page layout, not data
    junk_line_chars: int = 120  # "当前位置：…"-style lines longer than this are kept (they are text)


SETTINGS = HtmlSettings()

# Encodings: WHATWG maps gb2312/gbk to GBK; GB18030 is its superset and decodes every GBK page.
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "gb18030", "chinese", "euc-cn",
       "x-euc-cn", "cp936", "ms936", "windows-936", "hz-gb-2312"}
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)

_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "svg",
              "canvas", "select", "option", "button", "input", "textarea", "map", "audio", "video",
              "head", "title", "meta", "link", "base"}
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_CHROME_ATTR = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|header|topbar|sidebar|banner|toolbar|copyright|"
    r"position|location|dqwz|weizhi|jiathis|bdshare|fenxiang",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "section", "article", "main", "blockquote", "pre", "center", "address", "figure",
               "figcaption", "hr", "form", "fieldset", "legend", "caption", "body", "html", "tr", "td",
               "th", "thead", "tbody", "tfoot"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Lines of site furniture inside the article area (short lines only; see SETTINGS.junk_line_chars).
_JUNK = re.compile(
    r"^(当前位置|您当前的位置|您现在的位置|你现在的位置|您的位置|你的位置|当前的位置)\s*[:：]"
    r"|分享到|^附件下载|打印本页|打印此页|[【\[]\s*打印\s*[】\]]|关闭窗口|[【\[]\s*关闭\s*[】\]]"
    r"|^字号\s*[:：]?\s*[【\[]?\s*大|^[【\[]?\s*字体\s*[:：]?\s*[【\[]?\s*大|扫一扫在手机|收藏本页|返回顶部"
    r"|^(浏览|访问|阅读|点击)(次数|量)\s*[:：]\s*\d*\s*$"
)
_TITLE_WORDS = re.compile(r"年度报告|年报")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUB_LINE = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发布于|发文日期)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_PUB_META = ("pubdate", "firstpublishedtime", "publishdate", "publishtime", "article:published_time",
             "dc.date.issued", "releasedate")
_META_PROPS = {"articletitle": "article_title", "sitename": "site_name", "contentsource": "content_source",
               "columnname": "column_name"}
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_TITLE_ATTR = re.compile(r"title|biaoti")
_SPAN = re.compile(r"\s*(\d+)")


# --- decoding ----------------------------------------------------------------------------------


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = (name.decode("ascii", "ignore") if isinstance(name, bytes) else name).strip().lower()
    if label in _GB:
        return "gb18030"
    if label in ("big5", "big5-hkscs", "x-x-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, list[str]]:
    """Decode page bytes; returns (text, encoding used, warnings). ``charset``: one given from outside
    the page (an MHT part's MIME header), tried before the page's own declaration."""
    warnings: list[str] = []
    outer = _codec(charset)
    if outer:
        try:
            return data.decode(outer), outer, warnings
        except UnicodeDecodeError:
            pass
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, "replace"), enc.replace("-sig", ""), warnings
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = _codec(m.group(1)) if m else None
    if declared and declared != "utf-8" and not declared.startswith("utf-16"):
        # Some CMS templates say gb2312 while serving UTF-8; Chinese GBK text is practically never
        # also valid UTF-8, so bytes that are valid UTF-8 (and not plain ASCII) are taken as UTF-8.
        if declared == "gb18030" and not data.isascii() and _is_utf8(data):
            warnings.append("页面声明编码为 GB2312/GBK，但内容实为 UTF-8，已按 UTF-8 读取")
            return data.decode("utf-8"), "utf-8", warnings
        try:
            return data.decode(declared), declared, warnings
        except UnicodeDecodeError:
            warnings.append(f"页面声明的编码 {m.group(1).decode('ascii', 'ignore')} 与内容不符，已自动判断编码")
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8", warnings
    if declared == "utf-8":
        warnings.append("页面声明编码为 UTF-8，但内容不是 UTF-8，已自动判断编码")
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        enc = _codec(best.encoding) or best.encoding
        try:
            return data.decode(enc), enc, warnings
        except (UnicodeDecodeError, LookupError):
            pass
    warnings.append("无法确定页面编码，已按 GB18030 读取，个别字符可能显示为乱码")
    return data.decode("gb18030", "replace"), "gb18030", warnings


# --- helpers -----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = _WS.sub(" ", text).strip(" \u3000")
    return _CJK_SPACE.sub("", text) if " " in text else text


# Plain lxml elements (no lxml.html element classes: their Python class lookup runs for every element
# touched); these two are lxml.html's text_content() and drop_tree().
_text_content = etree.XPath("string()", smart_strings=False)


def _drop_tree(el: Any) -> None:
    """Remove el with its children and text; its tail joins the previous element or the parent."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


_TAG_NAMES: dict[Any, str] = {}  # raw tag (or lxml's Comment/PI factory) → lower-case name or ""


def _tag(el: Any) -> str:
    t = el.tag
    name = _TAG_NAMES.get(t)
    if name is None:
        name = t.lower() if isinstance(t, str) else ""
        if len(_TAG_NAMES) < 4096:
            _TAG_NAMES[t] = name
    return name


def _lengths(root: Any) -> dict[Any, int]:
    """Non-whitespace length of every element's ``text_content()``, computed bottom-up in one pass.
    Keyed by the element itself, not id(): the dict keeps the lxml proxies alive, so they stay the same.
    (``str.split``/``str.isspace`` and the regex ``\\s`` agree on what whitespace is.)"""
    out: dict[Any, int] = {}
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str):
            out[el] = 0  # comments / PIs: their own content is not text
            continue
        t = el.text
        n = len("".join(t.split())) if t and not t.isspace() else 0
        for child in el:
            t = child.tail
            n += out[child] + (len("".join(t.split())) if t and not t.isspace() else 0)
        out[el] = n
    return out


def _tlen(el: Any, cache: dict[Any, int]) -> int:
    if el not in cache:  # fill the cache for the whole tree (or detached subtree) holding el
        root, up = el, el.getparent()
        while up is not None:
            root, up = up, up.getparent()
        cache.update(_lengths(root))
    return cache[el]


def _path(el: Any, before: dict[Any, list[Any]]) -> str:
    """``tree.getpath(el)`` as it was before elements were dropped: ``before`` holds the original
    children of every parent that lost some."""
    parts = []
    node, parent = el, el.getparent()
    while parent is not None:
        tag = node.tag
        same = [s for s in before.get(parent, parent) if s.tag == tag]
        parts.append(tag if len(same) == 1 else f"{tag}[{same.index(node) + 1}]")
        node, parent = parent, parent.getparent()
    parts.append(node.tag)
    return "/" + "/".join(reversed(parts))


def _iso(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _contains(el: Any, other: Any) -> bool:
    return other is not None and (el is other or any(a is el for a in other.iterancestors()))


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of tables nested in its cells)."""
    out = []
    for child in table:
        t = _tag(child)
        if t == "tr":
            out.append(child)
        elif t in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if _tag(c) == "tr")
    return out


def _cells(tr: Any) -> list[Any]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(el: Any, attr: str, limit: int) -> int:
    v = el.get(attr)
    if not v:
        return 1  # limit is at least 1
    m = _SPAN.match(v)
    n = int(m.group(1)) if m else 1
    if attr == "rowspan" and m and n == 0:  # rowspan="0": to the end of the table section
        return limit
    return min(max(n, 1), limit)


# --- the page ----------------------------------------------------------------------------------


def _properties(root: Any, body: Any) -> dict[str, str]:
    props: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None and _norm(_text_content(title) or ""):
        props["title"] = _norm(_text_content(title))
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("http-equiv") or "").strip().lower()
        content = _norm(meta.get("content") or "")
        if not content:
            continue
        if name in _PUB_META and "published_on" not in props:
            iso = _iso(_DATE.search(content))
            if iso:
                props["published_on"] = iso
                props["published_from"] = f"meta:{meta.get('name') or meta.get('property')}"
        elif name in _META_PROPS:
            props.setdefault(_META_PROPS[name], content)
    if "published_on" not in props:
        m = _PUB_LINE.search(_norm(_text_content(body) or ""))
        iso = _iso(_DATE.search(m.group(2))) if m else None
        if iso:
            props["published_on"] = iso
            props["published_from"] = f"text:{m.group(0)}"
    return props


def _find_title(body: Any, page_title: str | None, lengths: dict[Any, int]) -> Any:
    """The element printing the report's title: a heading or a *title* element naming a 年度报告,
    else the innermost element whose whole text is the page title (old pages: <td><font><b>…)."""
    found, same = [], None
    for el in body.iter():
        t = _tag(el)
        if not t or t in _SKIP_TAGS:
            continue
        if lengths[el] > 100:  # the normalised text keeps every non-whitespace character
            continue
        raw = (_text_content(el) if len(el) else el.text) or ""
        if "年" not in raw or "报" not in raw:  # _norm only removes characters
            continue
        text = _norm(raw)
        if not (6 <= len(text) <= 100 and _TITLE_WORDS.search(text)):
            continue
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if t in ("h1", "h2", "h3", "h4") or _TITLE_ATTR.search(attrs):
            found.append((el, text))
        elif page_title and page_title.startswith(text):
            same = el  # iter() is document order: the last match is the innermost
    if page_title:  # the page <title> usually repeats the article title, so prefer the one it names
        for el, text in found:
            if text in page_title or page_title in text:
                return el
    return found[0][0] if found else same


def _drop_chrome(body: Any, title_el: Any, cache: dict[Any, int]) -> dict[Any, list[Any]]:
    """Drop site chrome; ``cache`` (text lengths) is kept up to date. Returns the original children of
    every parent that lost some (for ``_path``)."""
    total = max(_tlen(body, cache), 1)
    doomed = []
    for el in body.iter():
        t = _tag(el)
        if not t:
            continue
        if t in _SKIP_TAGS:
            doomed.append(el)
            continue
        style = el.get("style")
        if style and _HIDDEN.search(style):
            doomed.append(el)  # hidden widgets (share panels, QR codes) are not shown to readers
            continue
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None and t not in _CHROME_TAGS:
            continue
        attrs = f"{cls or ''} {ident or ''}"
        if t in _CHROME_TAGS or (attrs.strip() and _CHROME_ATTR.search(attrs)):
            big = _tlen(el, cache) >= SETTINGS.protect_share * total
            holds_table = any(len(_rows(tb)) >= 4 for tb in el.iter("table"))
            if not (big or holds_table or _contains(el, title_el)):
                doomed.append(el)
    doomed_set = set(doomed)
    before: dict[Any, list[Any]] = {}
    for el in doomed:
        parent = el.getparent()
        if parent is not None and not any(a in doomed_set for a in el.iterancestors()):
            if parent not in before:
                before[parent] = list(parent)
            n = _tlen(el, cache)
            for a in el.iterancestors():  # text lengths are additive: the ancestors lose el's text
                if a in cache:
                    cache[a] -= n
            _drop_tree(el)  # keeps el.tail in the flow (its text stays in the same ancestors)
    return before


def _is_layout(table: Any) -> bool:
    if (table.get("role") or "").lower() == "presentation":
        return True
    if any(True for _ in table.iterdescendants("table")):
        return True
    cells = [c for r in _rows(table) for c in _cells(r)]
    if len(cells) <= 1:
        return True
    limit = SETTINGS.layout_cell_chars
    for c in cells:
        if len(c):
            if len(_norm(_text_content(c) or "")) > limit:
                return True
        elif c.text and len(c.text) > limit and len(_norm(c.text)) > limit:  # _norm never lengthens
            return True
    return False


def _main_container(body: Any, title_el: Any, cache: dict[Any, int]) -> Any:
    """Go down from <body> while one child holds most of the text, keeps the title, and what is left
    behind in its siblings is links or a line or two (a "related articles" list, an info bar) — never
    prose or a table (Word's HTML puts landscape table pages in a sibling WordSection2)."""

    def rest(el: Any) -> int:  # text apart from the title itself: a short page is mostly its title
        return _tlen(el, cache) - (_tlen(title_el, cache) if _contains(el, title_el) else 0)

    def unlinked(el: Any) -> int:
        return _tlen(el, cache) - sum(_tlen(a, cache) for a in el.iter("a"))

    node = body
    while True:
        kids = [c for c in node if _tag(c)]
        if not kids:
            return node
        best = max(kids, key=rest)
        total = rest(node)
        if rest(best) < SETTINGS.descend_share * total or rest(best) == 0:
            return node
        if _contains(node, title_el) and not _contains(best, title_el):
            return node
        if _tag(best) == "table" and not _is_layout(best):
            return node
        left_behind = max((unlinked(k) for k in kids if k is not best), default=0)
        if left_behind > max(SETTINGS.left_behind_chars, SETTINGS.left_behind_share * total):
            return node
        node = best


class _Flow:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.n_par = 0
        self.n_tbl = 0

    def flush(self, style: str | None = None) -> None:
        if not self.buf:
            return
        text = _norm("".join(self.buf))
        self.buf = []
        if not text or (len(text) <= SETTINGS.junk_line_chars and not text.isascii() and _JUNK.search(text)):
            return  # (every _JUNK pattern holds Chinese characters)
        self.blocks.append(Paragraph(text, {"paragraph": self.n_par}, style))
        self.n_par += 1

    def walk(self, el: Any) -> None:
        t = _tag(el)
        if t in _SKIP_TAGS:
            pass
        elif t == "br":
            self.flush()
        elif t == "table":
            self.flush()
            if _is_layout(el):
                for tr in _rows(el):
                    for cell in _cells(tr):
                        self.block(cell)
            else:
                self.table(el)
        elif t in _BLOCK_TAGS:
            self.block(el, t if t in _HEADINGS else None)
        elif t:
            self.inline(el)
        if el.tail:
            self.buf.append(el.tail)

    def inline(self, el: Any) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)

    def block(self, el: Any, style: str | None = None) -> None:
        self.flush()
        self.inline(el)
        self.flush(style)

    def table(self, el: Any) -> None:
        t = self.n_tbl
        self.n_tbl += 1
        cap = el.find("caption")
        if cap is not None:
            self.block(cap)
        rows = _rows(el)
        n_rows = len(rows)
        junk = SETTINGS.junk_line_chars
        table = Table(at={"table": t}, layout="grid")
        taken: set[tuple[int, int]] = set()
        for r, tr in enumerate(rows):
            row: list[GridCell] = []
            col = 0
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while taken and (r, col) in taken:
                    col += 1
                rs = _span(td, "rowspan", n_rows - r) if td.get("rowspan") else 1
                cs = _span(td, "colspan", 1000) if td.get("colspan") else 1  # HTML caps colspan at 1000
                if len(td):
                    sub = _Flow()
                    sub.inline(td)
                    sub.flush()
                    text = "\n".join(p.text for p in sub.blocks if isinstance(p, Paragraph))
                else:  # a cell holding only text: the one line a sub-flow would make of it
                    text = td.text or ""
                    if not text.isalnum():  # letters and digits only: nothing for _norm to do
                        text = _norm(text)
                    if len(text) <= junk and not text.isascii() and _JUNK.search(text):
                        text = ""
                row.append(GridCell(text, r, col, rs, cs, {"table": t, "row": r, "col": col}))
                if rs > 1:  # only later rows ever ask: this row's columns are passed by col
                    taken.update((i, j) for i in range(r + 1, r + rs) for j in range(col, col + cs))
                col += cs
            table.rows.append(row)
        self.blocks.append(table)


def _unwrap_mht(data: bytes) -> tuple[bytes, str | None] | None:
    """The HTML part of an MHT/MHTML archive (RFC 2557) and its MIME charset; None if not an archive."""
    head = data[:4096].lower()
    if b"mime-version:" not in head or b"multipart/related" not in head:
        return None
    msg = email.message_from_bytes(data)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return None


def read_html(data: bytes, name: str) -> Document:
    """Read a saved web page (HTML, or an MHT archive) into a Document: the report's article,
    without the site around it."""
    mht = _unwrap_mht(data)
    charset = None
    if mht is not None:
        data, charset = mht
    text, encoding, warnings = decode_html(data, charset)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text).replace("\x00", "")
    if not text.strip():
        raise UnreadableFile("网页文件没有内容", name)
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True))
        if root is None:
            raise etree.ParserError("Document is empty")  # as lxml.html.document_fromstring
    except (etree.ParserError, ValueError) as e:
        raise UnreadableFile(f"无法解析网页（{e}）", name) from e
    body = root.find("body")
    if body is None:
        body = root
    props = _properties(root, body)
    framed = root.find(".//frameset") is not None or root.find(".//iframe") is not None
    cache = _lengths(body)
    title_el = _find_title(body, props.get("article_title") or props.get("title"), cache)
    before = _drop_chrome(body, title_el, cache)
    container = _main_container(body, title_el, cache)
    # the container's path in the page as saved (block elements), else in the page without chrome
    path = _path(container, before if _tag(container) in _BLOCK_TAGS or _tag(container) == "table" else {})
    flow = _Flow()
    if _tag(container) == "table":  # only a layout table is ever chosen
        for tr in _rows(container):
            for cell in _cells(tr):
                flow.block(cell)
    else:
        flow.block(container)
    if framed and not flow.blocks:
        warnings.append("页面正文在框架（frame/iframe）中，本文件只含外框；请保存框架内的页面再试")
    return Document(
        blocks=flow.blocks,
        source={
            "file": name,
            "format": "html",
            "encoding": encoding,
            **({"archive": "mht"} if mht else {}),
            "container": path,
        },
        properties=props,
        warnings=warnings,
    )
