"""Running LibreOffice headless: the one place xxgk starts ``soffice``.

Used to read .doc/.wps/.rtf (converted to DOCX, :mod:`xxgk.ingest.office`) and to print the rendered
DOCX as PDF (:mod:`xxgk.render.pdf`). Each run gets its own throw-away user profile
(``-env:UserInstallation``) and HOME, so it works as root, beside a desktop LibreOffice, and in parallel:
soffice hands a job to an already running instance that shares its profile, which would make a second
conversion return at once with no output. A batch converts in one soffice start (~2 s) instead of one
start per file. Inputs are copied under plain ASCII names, so two "report.doc" from different folders
cannot overwrite each other's output. A hung soffice is killed with its whole process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import MissingTool, UnreadableFile

PACKAGE = "libreoffice-writer-nogui"


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice(purpose: str, path: str | None = None) -> str:
    """The LibreOffice executable, or MissingTool saying what it was needed for and what to install."""
    found = find_soffice()
    if found is None:
        raise MissingTool(
            f"{purpose}需要 LibreOffice，但本机没有安装。请安装后重试："
            f"Debian/Ubuntu 上运行 apt-get install {PACKAGE} fonts-noto-cjk",
            path,
        )
    return found


@dataclass
class Run:
    converted: dict[Path, Path]  # input → output, for the inputs LibreOffice converted
    timed_out: bool
    output: str  # what soffice printed


def convert(
    paths: list[Path],
    target: str,
    outdir: Path,
    *,
    timeout: float,
    purpose: str,
    input_suffix: Callable[[Path], str] = lambda p: p.suffix.lower(),
    env: dict[str, str] | None = None,
) -> Run:
    """Convert ``paths`` in ONE soffice run. ``target`` is a --convert-to argument ("pdf",
    "docx:MS Word 2007 XML"); outputs are named after their inputs in ``outdir``."""
    for p in paths:
        if not p.is_file():
            raise UnreadableFile("文件不存在", str(p))
    soffice = require_soffice(purpose, str(paths[0]) if len(paths) == 1 else None)
    ext = target.split(":")[0]
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as work:
        w = Path(work)
        for sub in ("home", "in", "out"):
            (w / sub).mkdir()
        inputs = []
        for i, p in enumerate(paths):
            src = w / "in" / f"f{i}{input_suffix(p)}"
            shutil.copyfile(p, src)
            inputs.append(src)
        cmd = [
            soffice,
            f"-env:UserInstallation={(w / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", target, "--outdir", str(w / "out"), *map(str, inputs),
        ]
        run_env = {**os.environ, "HOME": str(w / "home"), "TMPDIR": str(w), **(env or {})}
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=run_env, cwd=work, start_new_session=True,
        )
        timed_out = False
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            # soffice forks (oosplash → soffice.bin): kill the whole process group it leads.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, _ = proc.communicate()
        converted: dict[Path, Path] = {}
        used: set[str] = set()
        for i, p in enumerate(paths):
            produced = w / "out" / f"f{i}.{ext}"
            if not produced.is_file() or produced.stat().st_size == 0:
                continue
            name = f"{p.stem}.{ext}"
            if name in used:  # two inputs with one name in a batch: keep both outputs
                name = f"{p.stem}-{i}.{ext}"
            used.add(name)
            shutil.move(produced, outdir / name)
            converted[p] = outdir / name
    return Run(converted, timed_out, out.decode("utf-8", "replace") if out else "")
