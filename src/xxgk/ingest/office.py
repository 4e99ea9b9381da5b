""".doc / .wps / .rtf → DOCX with LibreOffice (headless), then the DOCX reader.

LibreOffice runs through :mod:`xxgk.libreoffice` (own profile and HOME per run, process-group kill on timeout).
as root, beside a desktop LibreOffice, and in parallel: soffice hands a job to an already running
instance that shares its profile, which would make a second conversion return at once with no output.
``convert_many`` converts a batch in one soffice start (~2 s) instead of one start per file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import libreoffice
from ..errors import UnreadableFile
from ..libreoffice import Run, find_soffice
from .document import Document

__all__ = ["OfficeSettings", "SETTINGS", "convert_many", "find_soffice", "read_office"]


@dataclass
class OfficeSettings:
    timeout: float = 60.0  # seconds for one soffice start …
    timeout_per_file: float = 20.0  # … plus this for every file in the batch


SETTINGS = OfficeSettings()

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kind(path: Path) -> str:
    from . import detect_format

    return detect_format(path)


def _stream(data: bytes, name: str) -> bool:
    """Whether an OLE2 compound file names a stream (directory entries hold UTF-16LE names)."""
    return name.encode("utf-16-le") in data


def _input_suffix(path: Path, kind: str) -> str:
    # Kingsoft WPS .wps files are Word 97 binaries (OLE2 with a WordDocument stream); LibreOffice picks
    # its filter by extension first and would try Microsoft Works for ".wps", so they go in as ".doc".
    if kind == "wps":
        return ".doc" if _stream(path.read_bytes(), "WordDocument") else ".wps"
    if kind == "doc":
        return ".doc"
    return f".{kind}" if kind in ("rtf", "docx", "html") else path.suffix.lower() or ".doc"


def _check_ole(path: Path, data: bytes, kind: str) -> None:
    if not data.startswith(_OLE):
        return
    # A password-protected DOCX/DOC is an OLE2 file holding an "EncryptedPackage" stream (MS-OFFCRYPTO).
    if _stream(data, "EncryptedPackage"):
        raise UnreadableFile("文件设置了打开密码，无法读取。请去掉密码后另存为 DOCX 再试", str(path))
    # Every Word 97-2003 file has a "WordDocument" stream (MS-DOC §2.1.1); without it LibreOffice
    # would fall back to importing the bytes as plain text. (Microsoft Works .wps has "CONTENTS".)
    if not (_stream(data, "WordDocument") or (kind == "wps" and _stream(data, "CONTENTS"))):
        raise UnreadableFile(
            "文件不是有效的 Word 文档（可能已损坏，或是 Excel 等其他 Office 文件）。"
            "请用 Word/WPS 打开后另存为 DOCX 再试",
            str(path),
        )


def _convert(paths: list[Path], outdir: Path, timeout: float | None) -> Run:
    if timeout is None:
        timeout = SETTINGS.timeout + SETTINGS.timeout_per_file * len(paths)
    kinds = "/".join(sorted({p.suffix.lstrip(".").upper() or "DOC" for p in paths}))
    return libreoffice.convert(
        paths, "docx:MS Word 2007 XML", outdir, timeout=timeout, purpose=f"读取 {kinds} 文件",
        input_suffix=lambda p: _input_suffix(p, _kind(p)),
    )


def convert_many(
    paths: Iterable[str | Path], outdir: str | Path | None = None, *, timeout: float | None = None
) -> dict[Path, Path]:
    """Convert .doc/.wps/.rtf files to DOCX in ONE LibreOffice run; returns {input path: docx path}.

    Files LibreOffice could not convert (damaged, password-protected, or cut off by the timeout) are
    absent from the result. ``outdir`` defaults to a new temporary folder that the caller owns.
    """
    plist = [Path(p) for p in paths]
    if not plist:
        return {}
    out = Path(outdir) if outdir is not None else Path(tempfile.mkdtemp(prefix="xxgk-docx-"))
    return _convert(plist, out, timeout).converted


def read_office(path: str | Path, *, timeout: float | None = None) -> Document:
    """Read a .doc, .wps or .rtf file (converted to DOCX by LibreOffice) into a Document."""
    from .docx import read_docx

    path = Path(path)
    if not path.is_file():
        raise UnreadableFile("文件不存在", str(path))
    kind = _kind(path)
    _check_ole(path, path.read_bytes(), kind)
    with tempfile.TemporaryDirectory(prefix="xxgk-docx-") as tmp:
        run = _convert([path], Path(tmp), timeout)
        if path not in run.converted:
            if run.timed_out:
                limit = timeout if timeout is not None else SETTINGS.timeout + SETTINGS.timeout_per_file
                raise UnreadableFile(
                    f"LibreOffice 转换超时（超过 {limit:g} 秒）已被终止。文件可能已损坏或过大，"
                    "请用 Word/WPS 打开后另存为 DOCX 再试",
                    str(path),
                )
            raise UnreadableFile(
                f"LibreOffice 无法转换这个 {kind.upper()} 文件（文件可能已损坏、设置了密码或不是文字文档）。"
                "请用 Word/WPS 打开后另存为 DOCX 再试",
                str(path),
            )
        try:
            doc = read_docx(run.converted[path])
        except UnreadableFile as e:
            raise UnreadableFile(f"LibreOffice 转换出的 DOCX 无法读取：{e}", str(path)) from e
    doc.source = {"file": str(path), "format": kind, "converted_by": "libreoffice"}
    # The converted package names LibreOffice as its application; that is not the original's.
    doc.properties.pop("application", None)
    return doc
