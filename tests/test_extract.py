"""cleaners.extract: trafilatura's article as blocks, and the repairs around it."""

from __future__ import annotations

import json

import lxml.html

from cleaners.appended import appended_articles
from cleaners.blocks import Block
from cleaners.extract import decode, extract, guess_encoding, rejoin_split_article

PARAGRAPHS = [f"Paragraph {n} of the report says that the council met on {day} to discuss "
              f"the budget for the coming year and the cost of the new bridge."
              for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                       "Saturday"], 1)]


def page(body: str) -> str:
    return f"<html><head><title>Council</title></head><body>{body}</body></html>"


def test_an_article_split_over_containers_is_joined_in_page_order():
    first = "".join(f'<p class="body-text">{p}</p>' for p in PARAGRAPHS[:3])
    second = "".join(f'<p class="body-text">{p}</p>' for p in PARAGRAPHS[3:])
    tree = lxml.html.fromstring(page(f"<div>{first}</div><aside><p class='ad'>Buy now and "
                                     f"save on all our products today only</p></aside>"
                                     f"<div>{second}</div>"))
    extracted = [Block(p) for p in PARAGRAPHS[:3]]
    assert [b.text for b in rejoin_split_article(tree, extracted)] == PARAGRAPHS


def test_a_few_stray_paragraphs_of_the_same_class_are_left_alone():
    body = "".join(f'<p class="body-text">{p}</p>' for p in PARAGRAPHS[:5])
    body += '<p class="body-text">Photos: the new bridge, seen from the river bank.</p>'
    tree = lxml.html.fromstring(page(body))
    extracted = [Block(p) for p in PARAGRAPHS[:5]]
    assert rejoin_split_article(tree, extracted) == extracted


def test_decoding_takes_the_bom_then_the_header_then_the_meta():
    """w3lib's order; a declaration the bytes bear out decides."""
    meta_cp1252 = b"<meta charset=windows-1252><p>a\xc3\xb1o</p>"
    assert decode(b"\xef\xbb\xbf" + meta_cp1252, "text/html; charset=cp1252").text.endswith(
        "año</p>")
    header = decode("<meta charset=utf-8><p>año</p>".encode("cp1252"), "text/html; charset=cp1252")
    assert (header.text, header.contradicted) == ("<meta charset=utf-8><p>año</p>", False)
    assert decode(meta_cp1252.replace(b"\xc3\xb1", b"\xf1")).text.endswith("año</p>")
    assert decode("café".encode(), "text/html; charset=utf-8").text == "café"


def test_a_contradicted_declaration_leaves_it_to_charset_normalizer():
    cp1252 = "<p>El señor pidió un café en la plaza mayor el año pasado.</p>".encode("cp1252")
    decoded = decode(cp1252, "text/html; charset=utf-8")  # does not decode as declared
    assert decoded.contradicted and "señor" in decoded.text and "año" in decoded.text
    utf8 = ("<html><head><meta charset=iso-8859-15></head><body><p>La sanción llegó después "
            "de un año de investigación.</p></body></html>").encode()
    decoded = decode(utf8)  # single-byte declared, valid multi-byte UTF-8 found
    assert decoded.contradicted and "sanción" in decoded.text
    assert guess_encoding("Größe und Übermaß, naïve café".encode("cp1252") * 5) == "cp1252"


def _story(headline: str, paragraphs: list[str]) -> str:
    return f"<article><h1>{headline}</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article>"


def _scroll_page(title: str, *stories: str) -> str:
    return (f"<html><head><meta property='og:title' content='{title}'><title>{title} | Daily"
            f"</title></head><body><main>{''.join(stories)}</main></body></html>")


BRIDGE = _story("Council backs the new bridge", PARAGRAPHS[:4])
FERRY = _story("Ferry service to end in March", PARAGRAPHS[3:] * 6)


def _appended(title: str, *stories: str) -> list[str]:
    tree = lxml.html.fromstring(_scroll_page(title, *stories))
    return [a.xpath("string(.//h1)") for a in appended_articles(tree)]


def test_the_articles_a_page_appends_are_found_by_the_page_title():
    assert _appended("Council backs the new bridge", BRIDGE, FERRY) == [
        "Ferry service to end in March"]
    tree = lxml.html.fromstring(_scroll_page("x", BRIDGE, FERRY).replace(
        "content='x'", "content=''").replace("<title>x", "<title>Council backs the new bridge"))
    assert len(appended_articles(tree)) == 1  # "<title>Headline | Site" will do


def test_unless_the_page_titles_own_whole_article_comes_first_nothing_is_taken_out():
    assert _appended("Live: budget day", BRIDGE, FERRY) == []  # no headline is the title
    assert _appended("Council backs the new bridge: what it costs", BRIDGE, FERRY) == []
    assert _appended("Ferry service to end in March", BRIDGE, FERRY) == []  # own comes last
    teaser = _story("Council backs the new bridge", ["Five things to know."])
    assert _appended("Council backs the new bridge", teaser, FERRY) == []  # a header, not it
    bridge = _story("Bridge", PARAGRAPHS[:4])  # part of the title is not the title
    assert _appended("Council backs the new bridge", bridge, FERRY) == []
    twice = _story("Council backs the new bridge", PARAGRAPHS[3:] * 6)
    assert _appended("Council backs the new bridge", BRIDGE, twice) == []


def test_extraction_leaves_out_the_appended_article_and_names_it():
    html = _scroll_page("Council backs the new bridge", BRIDGE, FERRY)
    tree = lxml.html.fromstring(html)
    page = extract(tree)
    assert page is not None and page.appended == ["Ferry service to end in March"]
    assert PARAGRAPHS[0] in [b.text for b in page.blocks]
    assert PARAGRAPHS[4] not in [b.text for b in page.blocks]
    assert len(tree.xpath("//article")) == 2  # the caller's tree stays whole


def test_a_declared_article_body_written_in_markdown_gives_its_text():
    """A page whose HTML holds only the article's first paragraphs, and whose JSON-LD
    articleBody is its source in Markdown: the body is taken, its links and emphasis as their
    text, without attribute lists."""
    paragraphs = PARAGRAPHS + [p.replace("report", "minutes") for p in PARAGRAPHS]
    markdown = [paragraphs[0].replace("the council", "[the council](https://city.example/c)"),
                paragraphs[1].replace("the new bridge", "*the new bridge*"),
                paragraphs[2].replace("the budget", "**the budget**"),
                paragraphs[3].replace("the council", "*the council*{: .small}"), *paragraphs[4:]]
    ld = json.dumps({"@type": "NewsArticle", "headline": "Council",
                     "articleBody": "\n".join(markdown)})
    html = page(f"<script type='application/ld+json'>{ld}</script><article><h1>Council</h1>"
                + "".join(f"<p>{p}</p>" for p in paragraphs[:3]) + "</article>")
    result = extract(html, "https://city.example/news/council.html")
    assert [b.text for b in result.blocks] == paragraphs
