"""Page weight: each page type's HTML and the CSS and JavaScript it links to, gzipped (level 6).

Images and fonts are left out; the goals are about what every visitor downloads before the page
works. An asset linked from several pages counts on each page (a first visit).
"""

from __future__ import annotations

import gzip
import urllib.parse
from html.parser import HTMLParser

from benchmarks.load import MUNICIPALITY_PATH, discover_pages, fetch

GOAL_TOTAL_KB = 100
GOAL_JS_KB = 50


class AssetLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])


def gzipped_kb(body: bytes) -> float:
    return len(gzip.compress(body, compresslevel=6)) / 1024


def page_weight(base: str, path: str) -> dict:
    status, html = fetch(base + path)
    links = AssetLinks()
    links.feed(html.decode("utf-8", "replace"))
    css_kb = js_kb = 0.0
    missing = []
    for kind, urls in (("css", links.css), ("js", links.js)):
        for url in dict.fromkeys(urls):
            asset_status, body = fetch(urllib.parse.urljoin(base + path, url))
            if asset_status != 200:
                missing.append(f"{url} ({asset_status})")
            size = gzipped_kb(body) if asset_status == 200 else 0.0
            if kind == "css":
                css_kb += size
            else:
                js_kb += size
    html_kb = gzipped_kb(html)
    return {
        "path": path,
        "status": status,
        "html_kb": round(html_kb, 1),
        "css_kb": round(css_kb, 1),
        "js_kb": round(js_kb, 1),
        "total_kb": round(html_kb + css_kb + js_kb, 1),
        "assets": len(set(links.css)) + len(set(links.js)),
        "missing": missing,
    }


def run_weight(base: str) -> dict[str, dict]:
    """Weights for home, municipality, search, offer, provider and 404 on a running server."""
    found = discover_pages(base)
    pages = {
        "home": "/",
        "municipality": MUNICIPALITY_PATH,
        "search": "/sok/?q=arbeid",
        "offer": found.get("offer"),
        "provider": found.get("provider"),
        "404": "/finnes-ikke-benchmark/",
    }
    return {name: page_weight(base, path) for name, path in pages.items() if path}
