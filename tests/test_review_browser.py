"""The review page in a real headless browser: Debian's chromium driven by Playwright.

Needs ``apt-get install chromium`` and ``pip install playwright`` (never ``playwright install``:
the system chromium is used).  Skips when either is missing, except in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CORPUS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

def _missing(reason: str) -> None:
    # CI installs both (.ci/run): there a missing browser is a failure, not a quiet skip
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run should have installed it", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _missing("no /usr/bin/chromium (apt-get install chromium)")
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    _missing("the playwright package is not installed (pip install playwright)")

# The text of a region is in view when it overlaps the visible part of the scrolled text column.
IN_VIEW = """(id) => {
  const el = document.getElementById(id);
  const pane = document.getElementById('text').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top < Math.min(pane.bottom, innerHeight) && r.bottom > Math.max(pane.top, 0);
}"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    from policytasks.review import review_html

    out = tmp_path_factory.mktemp("review") / "review.html"
    out.write_text(review_html(CORPUS / "xicheng-2024.txt"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, page_file):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    pg.problems = []  # console errors, uncaught exceptions, and any request leaving file://
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("request", lambda r: r.url.startswith(("file:", "data:")) or pg.problems.append(f"request: {r.url}"))
    pg.goto(page_file.as_uri())
    pg.wait_for_load_state("load")
    yield pg
    ctx.close()


def test_loads_cleanly_and_screenshots(page, tmp_path):
    assert page.locator("article.card[id^=task-]").count() == 25
    assert page.locator("mark.k-target").count() >= 27
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert page.problems == []


def test_clicking_a_card_scrolls_the_text_to_its_task(page):
    target = "text-task-25"
    assert not page.evaluate(IN_VIEW, target), "the last task should start out of view"
    page.click("#task-25")
    page.wait_for_function(IN_VIEW, arg=target, timeout=3000)
    assert page.evaluate(IN_VIEW, target)
    assert "current" in page.get_attribute("#text-task-25", "class")
    assert "current" in page.get_attribute("#task-25", "class")
    # and back up: the first task is now out of view, a click brings it back
    assert not page.evaluate(IN_VIEW, "text-task-1")
    page.click("#task-1")
    page.wait_for_function(IN_VIEW, arg="text-task-1", timeout=3000)
    assert "current" not in page.get_attribute("#text-task-25", "class")
    assert page.problems == []


def test_clicking_a_mark_selects_its_card(page):
    page.click("#task-25")  # scrolls the cards to the bottom
    card_in_view = """() => { const r = document.getElementById('task-1').getBoundingClientRect();
        const p = document.getElementById('cards').getBoundingClientRect();
        return r.top < p.bottom && r.bottom > p.top; }"""
    assert not page.evaluate(card_in_view)
    page.locator("#text-task-1 mark.k-target").first.click()
    page.wait_for_function(card_in_view, timeout=3000)
    assert "current" in page.get_attribute("#task-1", "class")
    assert page.problems == []
