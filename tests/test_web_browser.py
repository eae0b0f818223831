"""End to end in a real headless Chromium: the story list, a story, a citation, a search.

Screenshots are saved as test artefacts under ``test-artifacts/`` (or $NEWSWEAVE_ARTIFACTS).
Needs Debian's ``chromium`` and ``chromium-driver``; ``.ci/run`` installs them and sets
$NEWSWEAVE_REQUIRE_BROWSER, so in CI a missing browser fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from newsweave.pipeline import ingest
from newsweave.store import Store
from newsweave.web import create_app
from support import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("NEWSWEAVE_ARTIFACTS", ROOT / "test-artifacts"))
HOSTILE = ('{"title": "<script>alert(1)</script>Storm in Brest", "url": "javascript:alert(2)", '
           '"maintext": "The storm <img src=x onerror=alert(3)> closed every school in Brest on Monday, '
           'officials said.", "date_publish": "2024-03-04", "source_domain": "evil.example"}\n')
# Every other place article text reaches a page: source, authors, url schemes a prefix check
# could miss, markup in quotes (the quotes and brief panels) and in search snippets.
HOSTILE_MORE = json.dumps({
    "title": "</title><script>alert(11)</script>Flood in Quimper",
    "url": " JaVaScRiPt:alert(12)",
    "source_domain": '"><svg onload=alert(13)>.example',
    "authors": ['<a href="javascript:alert(14)" onclick="alert(15)">Eve</a>'],
    "maintext": (
        'The flood <iframe src="javascript:alert(16)"></iframe> reached Quimper harbour on Tuesday, '
        'officials said.\n"<b onmouseover=alert(17)>Leave now</b>," the mayor of Quimper said on Tuesday.\n'
        'Rescue teams <a href="data:text/html,<script>alert(18)</script>">moved</a> 300 people from '
        'the harbour district of Quimper.'
    ),
    "date_publish": "2024-03-05",
}) + "\n"

if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("NEWSWEAVE_REQUIRE_BROWSER"):
        pytest.fail("Chromium and chromedriver are required here but not installed", pytrace=False)
    pytest.skip("Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.jsonl").write_text(HOSTILE + HOSTILE_MORE, encoding="utf-8")
    db = str(folder / "news.db")
    with Store(db) as store:
        ingest(store, [str(EXAMPLES), str(folder / "hostile.jsonl")])
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--window-size=1200,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    assert driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        _ = driver.switch_to.alert.text
    except NoAlertPresentException:
        return True
    return False


def test_story_list_story_citation_and_search(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    shot(browser, "01-stories")
    links = browser.find_elements(By.CSS_SELECTOR, "ol.stories li > a")
    assert any("Kim Jong Un Affirms Support" in link.text for link in links)
    next(link for link in links if "Kim Jong Un" in link.text).click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Kim Jong Un Affirms Support")
    shot(browser, "02-story")
    citation = browser.find_element(By.CSS_SELECTOR, 'a[href="#source-2"]')
    citation.click()
    assert browser.current_url.endswith("#source-2")
    target = browser.find_element(By.ID, "source-2")
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", target)
    shot(browser, "03-citation")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Pyongyang")
    box.submit()
    results = browser.find_elements(By.CSS_SELECTOR, "main ol li")
    assert results and "/search?q=Pyongyang" in browser.current_url
    shot(browser, "04-search")


def test_hostile_article_text_stays_inert(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    assert no_alert(browser)
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "ol.stories li > a") if "Storm" in a.text)
    assert "<script>alert(1)</script>" in link.text
    link.click()
    assert no_alert(browser) and not browser.find_elements(By.CSS_SELECTOR, "main img, main script")
    shot(browser, "05-hostile")


INERT = """
const active = [...document.querySelectorAll('*')].filter(
    el => [...el.attributes].some(a => a.name.toLowerCase().startsWith('on')));
const links = [...document.querySelectorAll('a[href]')].filter(
    a => !/^(https?:|#|\\/)/i.test(a.getAttribute('href').trim())
         || /^javascript:|^data:/i.test(a.href));
return {active: active.length, links: links.map(a => a.getAttribute('href')),
        embedded: document.querySelectorAll('main :is(script, iframe, img, object, embed)').length};
"""


def test_hostile_text_is_inert_on_every_page_that_shows_it(site, browser):
    """List, story (brief, matrix, quotes), article and search pages: no handler, no script link, no alert."""
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "ol.stories li > a") if "Flood" in a.text)
    story = link.get_attribute("href")
    pages = [site + "/", story]
    browser.get(story)
    cited = browser.find_elements(By.CSS_SELECTOR, 'main a[href*="/articles/"]')
    article = next(a.get_attribute("href") for a in cited if "Flood" in a.text)
    pages += [article, site + "/search?q=Quimper+harbour", site + "/search?q=" + "%3Cscript%3E"]
    for page in pages:
        browser.get(page)
        assert no_alert(browser), page
        assert browser.execute_script(INERT) == {"active": 0, "links": [], "embedded": 0}, page
    browser.get(article)
    assert "<iframe" in browser.find_element(By.TAG_NAME, "main").text  # shown as text, not run
    shot(browser, "06-hostile-article")
