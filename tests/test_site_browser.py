"""The site in a real browser (headless Chromium via selenium): open the index, search for a
term, follow a result and a cross-reference to their targets, and no console errors; and
redline.html as a reader sees it on screen and in print."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium
from conftest import BASE_DIR, RULES

from redline.amend.run import apply_rules, write_run
from redline.read import read_version
from redline.site import build_site
from redline.write import write_all


@pytest.fixture(scope="module")
def apply_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("apply")
    write_run(apply_rules([RULES / "SECMP0049.toml"], read_version([BASE_DIR])), out)
    return out


@pytest.fixture(scope="module")
def site_dir(apply_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_all({out / name: text for name, text in build_site(read_version([BASE_DIR]), apply_dir).items()})
    return out


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def test_search_follow_and_no_console_errors(site_dir: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium() as driver:
        driver.get((site_dir / "index.html").as_uri())
        assert "Not applied" in driver.find_element(By.CSS_SELECTOR, ".summary").text
        driver.find_element(By.ID, "search").send_keys("Draft Proposal")
        first = WebDriverWait(driver, 10).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "#results li a")))
        assert first.text == "A1.1:Draft Proposal"  # the term's own definition ranks first
        first.click()
        WebDriverWait(driver, 10).until(ec.url_contains("section-A.html"))
        target = driver.find_element(By.CSS_SELECTOR, ":target")
        assert target.get_attribute("id") == "A1.1:Draft_Proposal"
        assert "D1.2" in target.text

        # Follow the definition's reference to Section D1.2... which this corpus lacks: it is
        # styled apart, not a link. Follow a resolved one instead, on the page of Section L.
        assert target.find_elements(By.CSS_SELECTOR, ".xref.unresolved")
        driver.get((site_dir / "section-L.html").as_uri())
        link = driver.find_element(By.XPATH, "//a[@class='xref' and normalize-space()='Section L1.19']")
        link.click()
        WebDriverWait(driver, 10).until(ec.url_contains("#L1.19"))
        landed = driver.find_element(By.CSS_SELECTOR, ":target")
        assert landed.get_attribute("id") == "L1.19"
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top;", landed)
        header = driver.execute_script("return document.querySelector('header').offsetHeight;")
        assert header <= top < driver.execute_script("return window.innerHeight;"), top  # in view, not under the header
        assert "Cited by" in landed.text and "L1.17(b)" in landed.text

        # A term's use leads to its definition.
        term = driver.find_element(By.CSS_SELECTOR, "a.term")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", term)
        term.click()
        WebDriverWait(driver, 10).until(ec.url_contains("section-A.html#A1.1:"))
        assert driver.find_element(By.CSS_SELECTOR, ":target").get_attribute("class").startswith("unit definition")
        assert _errors(driver) == []


def test_redline_html_marks_are_not_links_and_print_opens_groups(apply_dir: Path) -> None:
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        driver.get((apply_dir / "redline.html").as_uri())
        style = "const s = getComputedStyle(arguments[0]); return [s.color, s.textDecorationLine, " \
                "s.textDecorationStyle, s.backgroundColor];"
        link = driver.execute_script(style, driver.find_element(By.CSS_SELECTOR, ".affected a"))
        ins = driver.execute_script(style, driver.find_element(By.CSS_SELECTOR, "#changes ~ * ins"))
        dele = driver.execute_script(style, driver.find_element(By.CSS_SELECTOR, "#changes ~ * del"))
        assert ins[0] != link[0] and dele[0] != link[0]  # neither in the links' colour
        assert (ins[1], ins[2]) == ("underline", "double") and dele[1] == "line-through"
        assert ins[3] != "rgba(0, 0, 0, 0)" and link[1] == "none"  # marks shaded, links not underlined
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
        assert headings.index("Legend") < headings.index("Affected clauses") < headings.index("Changes")
        hidden = driver.find_element(By.CSS_SELECTOR, ".affected details a")
        height = "return arguments[0].getBoundingClientRect().height;"
        assert driver.execute_script(height, hidden) == 0  # a group is collapsed on screen
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert driver.execute_script(height, hidden) > 0  # and open in print
        assert _errors(driver) == []
