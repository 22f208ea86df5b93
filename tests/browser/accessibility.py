"""The two accessibility checkers every browser test runs on the pages it visits: axe-core
(WCAG 2.1 A/AA and best practice) and HTML_CodeSniffer (the engine pa11y uses; WCAG2AA, errors
only). Both scripts are loaded from the site's own static files, since the Content-Security-Policy
refuses inline scripts. See docs/decisions/0005-second-accessibility-checker.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_CANDIDATES = [
    settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js",
    settings.BASE_DIR / "veivalg" / "static" / "vendor" / "axe" / "axe.min.js",
]
HTMLCS_STANDARD = "WCAG2AA"
HTMLCS_ERROR = 1  # HTMLCS's message types: 1 error, 2 warning, 3 notice; only errors fail a test.
HTMLCS_CANDIDATES = [
    settings.BASE_DIR / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js",
    settings.BASE_DIR / "veivalg" / "static" / "vendor" / "htmlcs" / "HTMLCS.js",
]
# HTMLCS error codes that are wrong for this site, each with why. Keep it short; fix instead.
HTMLCS_IGNORED: dict[str, str] = {}


def axe_script() -> Path:
    for candidate in AXE_CANDIDATES:
        if candidate.exists():
            return candidate
    pytest.fail("axe-core is missing: run `make assets`.")


def htmlcs_script() -> Path:
    for candidate in HTMLCS_CANDIDATES:
        if candidate.exists():
            return candidate
    pytest.fail("HTML_CodeSniffer is missing: run `make assets`.")


# --- axe ---------------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now; the violations, simplified."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The public site's Content-Security-Policy refuses inline scripts, which is what
        # add_script_tag(path=…) makes; load axe from our own static files ('self') instead.
        if (settings.BASE_DIR / "veivalg" / "static" / "vendor" / "axe" / "axe.min.js").exists():
            page.add_script_tag(url="/static/vendor/axe/axe.min.js")
        else:
            page.add_script_tag(path=str(axe_script()))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def where_on_page(page: Page, label: str) -> str:
    width = page.viewport_size["width"] if page.viewport_size else "?"
    return f"{label or page.url} at {width}px"


def assert_no_axe_violations(page: Page, label: str = "") -> None:
    """Fail with every axe violation and every HTMLCS error on the page as it is now."""
    reports = accessibility_reports(page, where_on_page(page, label))
    if reports:
        pytest.fail("\n\n".join(reports), pytrace=False)


def accessibility_reports(page: Page, where: str) -> list[str]:
    """What both checkers find on the page as it is now, one readable report per checker."""
    reports = []
    violations = axe_violations(page)
    if violations:
        reports.append(format_violations(violations, where))
    errors = htmlcs_errors(page)
    if errors:
        reports.append(format_htmlcs_errors(errors, where, page.url))
    return reports


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"axe found {len(violations)} kind(s) of violation on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    target: {node['target']}")
            lines.append(f"      html: {node['html'][:200]}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"      why:  {summary[:400]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


# --- HTML_CodeSniffer -------------------------------------------------------------------------


def htmlcs_errors(page: Page) -> list[dict]:
    """Run HTML_CodeSniffer's WCAG2AA standard on the page as it is now; its errors, simplified.

    Warnings and notices ("check that …") need a person to judge them and are left out, as are
    the codes in HTMLCS_IGNORED.
    """
    if not page.evaluate("() => typeof window.HTMLCS !== 'undefined'"):
        # Same reason as for axe: the Content-Security-Policy allows scripts from 'self' only.
        if (settings.BASE_DIR / "veivalg" / "static" / "vendor" / "htmlcs" / "HTMLCS.js").exists():
            page.add_script_tag(url="/static/vendor/htmlcs/HTMLCS.js")
        else:
            page.add_script_tag(path=str(htmlcs_script()))
    messages = page.evaluate(
        """([standard, type]) => new Promise((resolve, reject) => {
            const describe = (el) => {
                if (!el || el.nodeType !== Node.ELEMENT_NODE) return {selector: '', html: String(el)};
                const parts = [];
                for (let n = el; n && n.nodeType === Node.ELEMENT_NODE && parts.length < 4; n = n.parentElement) {
                    if (n.id) { parts.unshift('#' + CSS.escape(n.id)); break; }
                    const classes = [...n.classList].slice(0, 2).map(c => '.' + CSS.escape(c)).join('');
                    parts.unshift(n.localName + classes);
                }
                return {selector: parts.join(' > '), html: el.outerHTML};
            };
            HTMLCS.process(standard, document, () => {
                resolve(HTMLCS.getMessages().filter(m => m.type === type).map(m => ({
                    code: m.code, message: m.msg, ...describe(m.element),
                })));
            }, () => reject(new Error('HTML_CodeSniffer could not load ' + standard)), 'en');
        })""",
        [HTMLCS_STANDARD, HTMLCS_ERROR],
    )
    return [m for m in messages if m["code"] not in HTMLCS_IGNORED]


def assert_no_htmlcs_errors(page: Page, label: str = "") -> None:
    """Fail with every HTML_CodeSniffer error (WCAG2AA) on the page as it is now."""
    errors = htmlcs_errors(page)
    if errors:
        pytest.fail(format_htmlcs_errors(errors, where_on_page(page, label), page.url), pytrace=False)


def format_htmlcs_errors(errors: list[dict], where: str, url: str = "") -> str:
    lines = [f"HTML_CodeSniffer ({HTMLCS_STANDARD}) found {len(errors)} error(s) on {where}:"]
    if url:
        lines.append(f"  url: {url}")
    by_code: dict[str, list[dict]] = {}
    for error in errors:
        by_code.setdefault(error["code"], []).append(error)
    for code, found in by_code.items():
        lines.append(f"- {code}")
        lines.append(f"    {' '.join(found[0]['message'].split())[:400]}")
        for error in found[:10]:
            lines.append(f"    target: {error['selector']}")
            lines.append(f"      html: {' '.join(error['html'].split())[:200]}")
        if len(found) > 10:
            lines.append(f"    … and {len(found) - 10} more")
    return "\n".join(lines)
