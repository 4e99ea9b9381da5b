"""PDF from the DOCX rendering, through LibreOffice headless.

Each conversion runs with its own temporary HOME and LibreOffice profile (several conversions may run
at once, and the user's profile may be locked or read-only). The official font names of the DOCX
(仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) are mapped by a fontconfig file in that HOME to
the closest installed fonts, serif CJK for the 宋/仿宋/楷 families and sans for 黑体, so that a machine
without the official fonts still prints a serif body and a bold title.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import libreoffice
from ..errors import XxgkError
from ..libreoffice import require_soffice
from ..model.report import Report
from .docx import render_docx

# Official name → installed fonts to try, best first (Windows / Founder / Adobe / Noto / Arphic names).
FONT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "Source Han Serif SC Heavy", "Noto Serif CJK SC Black",
                 "Noto Serif CJK SC Bold", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun"),
    "仿宋_GB2312": ("仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
                  "AR PL UMing CN", "SimSun"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", "Source Han Serif SC"),
    "宋体": ("SimSun", "NSimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
    "黑体": ("SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
}


def soffice() -> str:
    """The LibreOffice program, or MissingTool naming the package to install."""
    return require_soffice("生成 PDF ")


# 小标宋 is a heavy face: where it is missing, ask for the bold weight of its stand-in.
_BOLD_TITLE = (
    '  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>'
    '<edit name="weight" mode="assign"><const>bold</const></edit></match>\n'
)


def _fontconfig(home: Path) -> Path:
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{name}</family><prefer>"
        + "".join(f"<family>{f}</family>" for f in fallbacks)
        + "</prefer></alias>"
        for name, fallbacks in FONT_FALLBACKS.items()
    )
    conf = home / "fonts.conf"
    conf.write_text(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        f"{aliases}\n{_BOLD_TITLE}</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def convert(src: str | Path, fmt: str, outdir: str | Path, timeout: int = 180) -> Path:
    """Convert a file with LibreOffice headless (``fmt`` e.g. "pdf"); returns the written file."""
    return convert_many([src], fmt, outdir, timeout)[0]


def convert_many(srcs: list[str | Path], fmt: str, outdir: str | Path, timeout: int = 300) -> list[Path]:
    """Convert several files in one LibreOffice run (its start-up is most of the time)."""
    paths, out = [Path(s) for s in srcs], Path(outdir)
    with tempfile.TemporaryDirectory(prefix="xxgk-fonts-") as tmp:
        run = libreoffice.convert(paths, fmt, out, timeout=timeout, purpose="生成 PDF ",
                                  env={"FONTCONFIG_FILE": str(_fontconfig(Path(tmp)))})
    for src in paths:
        if src not in run.converted:
            if run.timed_out:
                raise XxgkError(f"LibreOffice 转换超时（{timeout} 秒）", str(src))
            detail = run.output.strip().splitlines()
            raise XxgkError(f"LibreOffice 转换失败：{detail[-1] if detail else '没有输出文件'}", str(src))
    return [run.converted[p] for p in paths]


def render_pdf(report: Report, path: str | Path) -> Path:
    """Write the report as a PDF (the DOCX rendering converted by LibreOffice)."""
    out = Path(path)
    soffice()
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as tmp:
        docx = render_docx(report, Path(tmp) / f"{out.stem or 'report'}.docx")
        pdf = convert(docx, "pdf", tmp)
        shutil.move(str(pdf), out)
    return out
