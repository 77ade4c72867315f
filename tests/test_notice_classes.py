"""Notice classes in words no rule has, in several languages (tests/fixtures/notices/classes.toml):
a newsletter promo between the paragraphs, a consent placeholder repeated for each embedded
post, a donation appeal, a members-only notice, an offer without its heading, an agency's
notice run into the last paragraph after a line break. Each goes whole, and every paragraph
of the article stays; articles that talk of the same things lose nothing to the notice step."""

from __future__ import annotations

import tomllib

import pytest

from cleaners import CleanerOptions, clean_page
from cleaners.normalise import normalise
from cleaners.notices import NOTICE_CONCEPTS, NOTICE_UNIT

from .conftest import FIXTURES

DATA = tomllib.loads((FIXTURES / "notices" / "classes.toml").read_text(encoding="utf-8"))
ARTICLES: dict[str, list[str]] = DATA["articles"]
# These articles are three paragraphs: a credit among them is more than the share of the text
# credits may take (``credit_max_share``), and would stay; tests/test_clean.py tests that.
UNCAPPED = CleanerOptions(credit_max_share=1.0)


def _page(lang: str, body: str, after_body: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Story'
            f"</title></head><body><main><article><h1>Story headline here</h1>"
            f'<div class="body-text">{body}</div>{after_body}</article></main></body></html>')


def _lines(case: dict) -> list[str]:
    """The case's lines as HTML: a heading first (``heading``), in bold (``bold``), the last
    one a link (``link_last``); then its ``button``, if any, and its ``link_button`` (a link
    standing alone in the box)."""
    out = []
    for k, line in enumerate(case["lines"]):
        if case.get("bold"):
            line = f"<strong>{line}</strong>"
        if case.get("link_last") and k == len(case["lines"]) - 1:
            line = f'<a href="/news/{k}.html">{line}</a>'
        out.append(f"<h3>{line}</h3>" if case["heading"] and k == 0 else f"<p>{line}</p>")
    if "button" in case:
        out.append(f'<button type="button">{case["button"]}</button>')
    if "link_button" in case:
        out.append(f'<a class="k3" href="/k3">{case["link_button"]}</a>')
    return out


def case_page(case: dict) -> str:
    """The article with the case's box after each paragraph it names (or after the body); a
    ``flat`` case's lines are paragraphs among the article's, in no box."""
    box = "".join(_lines(case))
    if not case.get("flat"):
        box = f'<div class="q9z">{box}</div>'
    body = "".join(f"<p>{p}</p>" + (box if k in case["after"] else "")
                   for k, p in enumerate(ARTICLES[case["lang"]]))
    return _page(case["lang"], body, box if "end" in case["after"] else "")


def _blocks(text: str) -> list[str]:
    return [normalise(b) for b in text.split("\n\n")]


@pytest.mark.parametrize("case", DATA["case"], ids=[c["name"] for c in DATA["case"]])
def test_a_notice_box_goes_whole_and_the_article_stays(case):
    result = clean_page(case_page(case), options=UNCAPPED)
    kept = _blocks(result.text)
    assert [p for p in ARTICLES[case["lang"]] if normalise(p) not in kept] == []
    assert [line for line in case["lines"] if normalise(line) in kept] == []


@pytest.mark.parametrize("agency", DATA["agency"], ids=[a["lang"] for a in DATA["agency"]])
def test_an_agency_notice_after_a_line_break_is_split_off_and_goes(agency):
    paragraphs = ARTICLES[agency["lang"]]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:-1])
    body += f"<p>{paragraphs[-1]}<br>{agency['notice']}</p>"
    kept = _blocks(clean_page(_page(agency["lang"], body), options=UNCAPPED).text)
    assert [normalise(p) for p in paragraphs] == kept


@pytest.mark.parametrize("article", DATA["hard_negative"],
                         ids=[a["name"] for a in DATA["hard_negative"]])
def test_an_article_about_offers_accounts_or_newsletters_loses_nothing_to_the_notice_step(
        article):
    bold = article.get("bold")  # questions (the lines ending with "?") set in bold
    body = "".join(f"<h2>{t}</h2>" if len(t) < 40 else
                   f"<p><strong>{t}</strong></p>" if bold and t.endswith("?") else f"<p>{t}</p>"
                   for t in article["blocks"])
    result = clean_page(_page(article["lang"], body))
    assert [r.text for r in result.removed if r.rule in (NOTICE_CONCEPTS, NOTICE_UNIT)] == []
