"""cleaners.extract: trafilatura's article as blocks, and the repairs around it."""

from __future__ import annotations

import lxml.html

from cleaners.blocks import Block
from cleaners.extract import decode, guess_encoding, rejoin_split_article

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


def test_wrong_declared_charset_is_guessed_and_reported():
    body = "<p>El señor pidió un café en la plaza mayor el año pasado.</p>".encode("cp1252")
    text, wrong = decode(body, "utf-8")
    assert wrong and "señor" in text and "año" in text
    assert decode("café".encode(), "utf-8") == ("café", False)
    assert guess_encoding("Größe und Übermaß, naïve café".encode("cp1252") * 5) == "cp1252"
