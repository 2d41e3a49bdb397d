"""The reports render in a real browser: headless Chromium draws them and prints them.

Chromium is a CI dependency, so a missing browser fails the run (it is installed
by ``.ci/run``) instead of skipping silently. Set ``CHOICE_KIOSK_SCREENSHOTS`` to
a folder to keep the PNGs (``report-class.png``, ``report-child.png``).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import time
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.laptop.review.choices import class_info, review_choices
from kiosk.laptop.review.model import ClassInfo, ReviewChoice
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.report_html import child_report, class_report, write_report
from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.laptop.review.worth_a_look import worth_a_look

WIDTH, HEIGHT = 1240, 1754
STAMP = datetime(2026, 6, 19, 15, 30)
STICKY_CHILD = "k01"


def _chromium() -> str:
    """The browser's path, waiting a little in case a package install is finishing."""
    for _ in range(10):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found:
            return found
        time.sleep(3)
    pytest.fail(
        "Chromium is needed to render the printable report: install the Debian package "
        "'chromium' (add it to the apt-get install line in .ci/run)."
    )


@pytest.fixture(scope="module")
def year() -> tuple[list[ReviewChoice], ClassInfo, DateRange]:
    events, centers, children = generate_school_year(seed=1, events=12000)
    choices = review_choices(events, {})
    return choices, class_info(centers, children), DateRange(choices[0].day, choices[-1].day)


def _run(args: list[str], tmp_path: Path) -> None:
    browser = _chromium()
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]


def _screenshot(html_path: Path, png: Path, tmp_path: Path) -> None:
    _run(["--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={png}", html_path.as_uri()], tmp_path)


def _pdf_pages(html_path: Path, pdf: Path, tmp_path: Path) -> int:
    _run([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html_path.as_uri()], tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF"), data[:16]
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _check_png(png: Path) -> None:
    """A real picture of the page: right size, full of varied pixels (no PIL needed)."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert data[12:16] == b"IHDR" and (width, height) == (WIDTH, HEIGHT)
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    assert len(idat) > 20_000, len(idat)
    pixels = zlib.decompress(idat)
    channels = {2: 3, 6: 4}[colour_type]
    assert depth == 8 and len(pixels) == height * (1 + width * channels)
    assert len(set(pixels)) > 64, "the page is (nearly) one colour"


def _keep(png: Path, name: str) -> None:
    folder = os.environ.get("CHOICE_KIOSK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, Path(folder) / name)


def _render(html: str, stem: str, tmp_path: Path) -> tuple[Path, int]:
    page = write_report(tmp_path / f"{stem}.html", html)
    png = tmp_path / f"{stem}.png"
    _screenshot(page, png, tmp_path)
    _check_png(png)
    return png, _pdf_pages(page, tmp_path / f"{stem}.pdf", tmp_path)


def test_the_class_report_draws_and_prints(year, tmp_path):
    choices, info, rng = year
    html = class_report(choices, info, rng, generated_at=STAMP, worth=(rng.end, worth_a_look(choices, info, rng.end)))
    png, pages = _render(html, "class", tmp_path)
    assert 1 <= pages <= 5  # a year's full days per center and Worth a look's whole list (66 lines) included
    a4 = html.replace("@page { size: auto;", "@page { size: A4;")
    assert 1 <= _pdf_pages(write_report(tmp_path / "a4.html", a4), tmp_path / "a4.pdf", tmp_path) <= 5
    _keep(png, "report-class.png")


def test_a_child_report_draws_and_prints(year, tmp_path):
    choices, info, rng = year
    html = child_report(choices, info, STICKY_CHILD, rng, generated_at=STAMP)
    png, pages = _render(html, "child", tmp_path)
    assert 1 <= pages <= 3
    _keep(png, "report-child.png")
