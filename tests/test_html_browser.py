"""The HTML report in a real browser: headless Chromium (Debian package ``chromium``).

CI installs it with ``apt-get install -y chromium``; without it these tests skip.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.render import html as html_render
from auditor.render.view import build_views
from conftest import SAMPLE, pipeline_problem, sample_builder

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install -y chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]
INJECTED = ("<script>document.title='PWNED';var d=document.createElement('div');"
            "d.id='injected';document.body.appendChild(d);</script>"
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">")
# Badge colours of the stylesheet (--error, --warning, --info): the screenshot is searched for them.
COLOURS = {"error": (0xC6, 0x28, 0x28), "warning": (0xE0, 0x8A, 0x00), "info": (0x15, 0x65, 0xC0)}


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _dom(url: str) -> str:
    return _chromium("--dump-dom", url).stdout


def _screenshot(url: str, path: Path) -> Path:
    _chromium(f"--screenshot={path}", "--window-size=1280,2000", url)
    assert path.exists() and path.stat().st_size > 10_000
    return path


class _Dom(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.elements: dict[str, dict[str, str | None]] = {}
        self.findings: list[dict[str, str | None]] = []
        self.hrefs: list[str] = []
        self.title = ""
        self.body: dict[str, str | None] = {}
        self._in_title = False
        self.shown: list[str] = []
        self._in_shown = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.elements[attrs["id"]] = attrs
        if tag == "li" and "finding" in (attrs.get("class") or ""):
            self.findings.append(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "body":
            self.body = attrs
        self._in_title = tag == "title"
        if tag == "span" and attrs.get("class") == "shown":
            self._in_shown = True
            self.shown.append("")

    def handle_endtag(self, tag):
        self._in_title = False
        self._in_shown = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_shown:
            self.shown[-1] += data


def _page(tmp_path: Path) -> tuple[Path, list]:
    text = SAMPLE + "\n二、其他说明\n报告作者备注：" + INJECTED + "\n"
    first = sample_builder(text, path="a<b>.txt").build()
    second = sample_builder(SAMPLE, path="second.txt").build()
    views = build_views([first, second])
    path = tmp_path / "report.html"
    path.write_text(html_render.render(views), encoding="utf-8")
    return path, views


def test_injected_script_does_not_run_and_every_finding_is_listed(tmp_path):
    path, views = _page(tmp_path)
    dom = _Dom(_dom(path.as_uri()))
    assert "PWNED" not in dom.title and dom.title.startswith("绩效报告审核")
    assert "injected" not in dom.elements
    assert "data-pwned" not in dom.body
    expected = [f"r{n}-{fv.finding.id}" for n, view in enumerate(views, 1) for fv in view.findings]
    assert [f["id"] for f in dom.findings] == expected
    for anchor in expected:
        assert f"#{anchor}" in dom.hrefs  # a marker on the report text links to it
    for href in dom.hrefs:
        assert href[1:] in dom.elements, f"dangling link {href}"
    assert dom.shown == ["3", "3"]


def test_filters_preset_from_the_address_hide_other_findings(tmp_path):
    path, _ = _page(tmp_path)
    dom = _Dom(_dom(path.as_uri() + "?severity=error,info&rule=ratio,count_sum,sum"))
    hidden = {f["data-severity"] for f in dom.findings if "hidden" in f}
    shown = {f["data-severity"] for f in dom.findings if "hidden" not in f}
    assert hidden == {"warning"} and shown == {"error", "info"}
    assert dom.shown == ["2", "2"]
    only_ratio = _Dom(_dom(path.as_uri() + "?rule=ratio"))
    assert [f["data-rule"] for f in only_ratio.findings if "hidden" not in f] == ["ratio", "ratio"]


def _colour_pixels(png: Path) -> dict[str, int]:
    from PIL import Image

    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 2000)
    counts = {name: 0 for name in COLOURS}
    for (r, g, b), count in ((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 20)):
        for name, (cr, cg, cb) in COLOURS.items():
            if abs(r - cr) + abs(g - cg) + abs(b - cb) <= 12:
                counts[name] += count
    return counts


def test_screenshot_shows_the_finding_list_and_filters_change_it(tmp_path):
    pytest.importorskip("PIL")
    path, _ = _page(tmp_path)
    everything = _colour_pixels(_screenshot(path.as_uri(), tmp_path / "all.png"))
    # each severity's badges and borders are painted
    assert all(count > 500 for count in everything.values()), everything
    errors_only = _colour_pixels(_screenshot(path.as_uri() + "?severity=error",
                                             tmp_path / "errors.png"))
    assert errors_only["error"] > 500
    assert errors_only["warning"] < everything["warning"] / 10
    assert errors_only["info"] < everything["info"] / 10


needs_pipeline = pytest.mark.skipif(pipeline_problem() is not None,
                                    reason=str(pipeline_problem()))


@needs_pipeline
def test_every_corpus_report_renders_with_every_finding_listed_and_linked(tmp_path):
    corpus = ROOT / "corpus" / "reports"
    out = tmp_path / "corpus.html"
    command = [sys.executable, "-m", "auditor.cli", "audit", str(corpus), "--fail-on", "never"]
    done = subprocess.run([*command, "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads(subprocess.run([*command, "--format", "json"], capture_output=True,
                                     text=True, timeout=600).stdout)
    dom = _Dom(_dom(out.as_uri()))
    assert len(data) == len(list(corpus.glob("*.txt")))
    for n, report in enumerate(data, 1):
        assert f"r{n}" in dom.elements
        for finding in report["findings"]:
            anchor = f"r{n}-{finding['id']}"
            assert anchor in dom.elements, f"{report['path']}: {finding['id']} not listed"
            assert f"#{anchor}" in dom.hrefs, f"{report['path']}: {finding['id']} not linked"
            assert f"r{n}-L{finding['line']}" in dom.elements
    for href in dom.hrefs:
        assert href[1:] in dom.elements, f"dangling link {href}"
    assert not re.search(r"https?://", out.read_text(encoding="utf-8"))


class _Marks(HTMLParser):
    """The claim marks of a dumped page: their status class and whether a tick or a cross
    is drawn inside them."""

    def __init__(self, text: str):
        super().__init__()
        self.marks: list[dict] = []
        self._open: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if tag == "mark" and "claim" in css:
            self._open = {"classes": set(css), "glyph": None, "title": attrs.get("title") or ""}
            self.marks.append(self._open)
        elif tag == "span" and self._open is not None and css and css[0] in ("tick", "cross"):
            self._open["glyph"] = css[0]

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open = None


@needs_pipeline
def test_every_verified_figure_has_a_tick_and_every_failed_one_a_cross(tmp_path):
    report = ROOT / "corpus" / "reports" / "000_6ede5e79e1532631.txt"
    out = tmp_path / "ticks.html"
    command = [sys.executable, "-m", "auditor.cli", "audit", str(report), "--fail-on", "never"]
    done = subprocess.run([*command, "--format", "html", "-o", str(out)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    [data] = json.loads(subprocess.run([*command, "--format", "json"], capture_output=True,
                                       text=True, timeout=600).stdout)
    marks = _Marks(_dom(out.as_uri())).marks
    glyphs = {"verified": "tick", "failed": "cross", "unchecked": None}
    for mark in marks:
        state = next(s for s in glyphs if s in mark["classes"])
        assert mark["glyph"] == glyphs[state], mark
        if state != "unchecked":
            assert re.search(r"K\d+ \w+: .+ [✓✗]", mark["title"]), mark["title"]  # the hover
    statuses = [c["status"] for c in data["claims"]]
    assert sum(m["glyph"] == "tick" for m in marks) == statuses.count("verified") > 0
    assert sum(m["glyph"] == "cross" for m in marks) == statuses.count("failed") > 0
    # and the ticks are painted: the tick colour shows on the screenshot
    pytest.importorskip("PIL")
    from PIL import Image

    shot = tmp_path / "ticks.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,9000", out.as_uri())  # the whole text
    image = Image.open(shot).convert("RGB")
    # anti-aliased glyphs blend into the background: count the clearly green pixels
    green = sum(n for n, (r, g, b) in image.getcolors(maxcolors=1 << 20) if g > r + 40 and g > b + 30)
    assert green > 20, green
