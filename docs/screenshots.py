"""Take the README's screenshots with headless Chromium: a page of the site (SECMP0049's changes
on Section F) and redline.html.  Run from the checkout: ``python3 docs/screenshots.py``."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium  # noqa: E402  (the tests' headless Chromium)

from redline.amend.run import apply_rules, write_run  # noqa: E402
from redline.read import read_version  # noqa: E402
from redline.site import build_site  # noqa: E402
from redline.write import write_all  # noqa: E402


def main() -> None:
    os.chdir(ROOT)  # paths as a user in the checkout types them, never this machine's
    base = read_version([Path("corpus") / "sec-5.18"])
    with tempfile.TemporaryDirectory() as work:
        out = Path(work)
        write_run(apply_rules([Path("rules") / "SECMP0049.toml"], base), out / "apply")
        write_all({out / "site" / name: text for name, text in build_site(base, out / "apply").items()})
        with chromium(1000, 640) as driver:
            driver.get((out / "site" / "section-L.html").as_uri() + "#L1.17(d)")
            driver.find_element("id", "search").send_keys("Change Sub")
            driver.save_screenshot(str(ROOT / "docs" / "site.png"))
            driver.set_window_size(1000, 1150)
            driver.get((out / "apply" / "redline.html").as_uri())
            driver.save_screenshot(str(ROOT / "docs" / "redline-html.png"))


if __name__ == "__main__":
    main()
