"""Helpers of the review tests: a page's highlights read back with Python's HTML parser, its record data, and
a headless Chromium (Debian's chromium and chromium-driver, driven by selenium; nothing is downloaded)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900"]


class Highlights(HTMLParser):
    """The text of the #text element and, per record index, the text of its <mark> segments joined."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.marks: dict[int, list[str]] = {}
        self.firsts: list[int] = []
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "pg" in a.get("class", "").split():
            self.pages.append(a.get("data-page", ""))
        if tag == "mark" and "data-first" in a:
            self.firsts += [int(i) for i in a["data-first"].split()]
        self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not any(a.get("id") == "text" for _, a in self.stack):
            return
        self.text.append(data)
        tag, a = self.stack[-1]
        if tag == "mark":
            for i in a["data-r"].split():
                self.marks.setdefault(int(i), []).append(data)


def highlights(html: str) -> Highlights:
    h = Highlights()
    h.feed(html)
    h.close()
    return h


def page_data(html: str) -> list[dict[str, Any]]:
    """The records' data of a page (its JSON block)."""
    m = re.search(r'<script type="application/json" id="records-data">(.*?)</script>', html, re.S)
    assert m, "no record data in the page"
    return json.loads(m.group(1))


def start_browser(profile: Path) -> tuple[Any, str]:
    """(driver, "") or (None, why not): a headless Chromium with a new empty profile folder, the driver's path
    given so that Selenium Manager is never asked for anything."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if missing:
        return None, f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver; make test does)"
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        return None, f"selenium is not installed ({e}); pip install -e '.[test]'"
    os.environ.setdefault("SE_OFFLINE", "true")       # Selenium Manager, were it ever run, may not download
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in BROWSER_FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    try:
        return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options), ""
    except (WebDriverException, OSError) as e:
        return None, f"headless Chromium does not start: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
