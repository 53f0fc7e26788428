"""How long review pages take to open in headless Chromium (Debian's chromium and chromium-driver, no download).

    .venv/bin/python tools/bench_review.py output/review/pages/heshan-2023-work-plan.zh.html [more pages] [--runs 5]

For each page: its records, its size, and the median over runs (each in a fresh tab after one warm-up load) of
the time from navigation start to the end of the load event (HTML parsed, styles applied, review.js run: the page
can be used). docs/review.md gives the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900"]
TIMING = """
const n = performance.getEntriesByType('navigation')[0];
return {load: n.loadEventEnd,
        records: JSON.parse(document.getElementById('records-data').textContent).length,
        marks: document.querySelectorAll('mark.hl').length};
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        try:
            for page in args.pages:
                url = page.resolve().as_uri()
                driver.get(url)   # warm-up: the browser's own start and the file cache
                loads = []
                for _ in range(args.runs):
                    driver.switch_to.new_window("tab")
                    driver.get(url)
                    t = driver.execute_script(TIMING)
                    loads.append(t["load"])
                    driver.close()
                    driver.switch_to.window(driver.window_handles[0])
                print(f"{page}: {t['records']} records, {t['marks']} highlight elements, "
                      f"{page.stat().st_size / 1024:.0f} KB: loaded in {statistics.median(loads):.0f} ms "
                      f"(median of {args.runs})")
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
