"""Structure never removes prose on its own: the shapes of pages whose articles it once ate.

Each page is written for the test, in the shape of a real layout: a review roundup whose
"Recommended Videos" label stands over the article's own short reviews; short prose
paragraphs made mostly of links; a standfirst (repeating the description or not) and a live
blog's first entry set as headings before the article; subheadings over the article's last short paragraphs.
"""

from __future__ import annotations

import lxml.html
import pytest

from cleaners import Block, CleanerOptions, clean_blocks, clean_page
from cleaners.markup import read_markup
from cleaners.normalise import normalise

URL = "https://news.example/2026/review.html"
INTRO = ("We spent the autumn playing every new release on the handheld, from the big studio "
         "sequels to the small puzzle games made by two people, and these are the ones worth "
         "your evenings.")


def page(title: str, body: str, description: str | None = None) -> str:
    """A news page: site header and menu, the article, a footer."""
    meta = f"<meta property='og:description' content='{description}'>" if description else ""
    return (f"<html lang='en'><head><title>{title} | Pixel Weekly</title>"
            f"<meta property='og:title' content='{title}'>{meta}</head><body>"
            "<header><a href='/'>Pixel Weekly</a><nav><a href='/news'>News</a>"
            "<a href='/reviews'>Reviews</a></nav></header>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            "<footer><p>© 2026 Pixel Weekly</p></footer></body></html>")


def kept(html: str, *paragraphs: str) -> list[str]:
    """The paragraphs the cleaned text lacks."""
    article = clean_page(html, URL)
    text = normalise(article.text if article else "")
    return [p for p in paragraphs if normalise(p) not in text]


REVIEWS = [("Lantern Keeper", "A calm puzzle game about lighthouses, best in short sessions."),
           ("Iron Orchard", "The sequel fixes the camera and keeps the brutal boss fights."),
           ("Tidewater", "Gorgeous, slow and a little too long in its final act."),
           ("Night Courier", "Delivery runs across a neon city; the controls are superb."),
           ("Paper Moons", "A two-person studio's debut, and the surprise of the year.")]


def test_a_recommended_label_over_the_articles_own_short_reviews_is_not_a_rail():
    body = (f"<p>{INTRO}</p><h2>Recommended Videos</h2>"
            "<div class='video'><p>Watch: our top five in two minutes</p></div>"
            + "".join(f"<h3>{name}</h3><p>{review}</p>" for name, review in REVIEWS))
    html = page("The best handheld games of the autumn", body)
    assert kept(html, INTRO, *(name for name, _ in REVIEWS), *(r for _, r in REVIEWS)) == []


@pytest.mark.parametrize("label", ["Recommended", "Recommended Videos", "Related",
                                   "More from our reviewers"])
def test_a_related_label_over_the_articles_own_subsections_stays_with_them(label):
    # a heading goes only with its section, and an <h2>'s section holds its <h3>s
    body = (f"<p>{INTRO}</p><h2>{label}</h2>"
            + "".join(f"<h3>{name}</h3><p>{review}</p>" for name, review in REVIEWS))
    html = page("The best handheld games of the autumn", body)
    assert kept(html, INTRO, label, *(name for name, _ in REVIEWS),
                *(r for _, r in REVIEWS)) == []


def test_a_recommended_label_over_linked_headlines_is_still_a_rail():
    teasers = [(f"Hands-on: {name} is the game to watch this winter",
                "Our first hours with the new release, and what the studio told us.")
               for name, _ in REVIEWS]
    body = (f"<p>{INTRO}</p><p>{INTRO.replace('autumn', 'summer')}</p>"
            f"<p>{INTRO.replace('autumn', 'spring')}</p><h2>Recommended Videos</h2>"
            + "".join(f"<h3><a href='/v{n}'>{head}</a></h3><p>{summary}</p>"
                      for n, (head, summary) in enumerate(teasers)))
    article = clean_page(page("The best handheld games of the autumn", body), URL)
    text = normalise(article.text)
    assert normalise(INTRO) in text
    assert not any(normalise(head) in text for head, _ in teasers)


LINKED_PROSE = [
    ("She was <a href='/a'>re-elected in 2021</a> and <a href='/b'>chairs the transport "
     "committee</a>.", "She was re-elected in 2021 and chairs the transport committee."),
    ("The vote followed <a href='/c'>months of protests</a>, <a href='/d'>a damning audit</a> "
     "and <a href='/e'>a court ruling</a>.",
     "The vote followed months of protests, a damning audit and a court ruling."),
]
COUNCIL = [
    "The city council voted on Tuesday to extend the tram line to the northern districts, a "
    "project first proposed more than a decade ago and repeatedly delayed by budget cuts.",
    "Supporters said the extension would cut commuting times by a third for some 40,000 "
    "residents, while opponents questioned the cost of the tunnels under the old town.",
    "Construction is due to start next spring and the first trams should run in 2029, the "
    "mayor said, adding that the regional government had agreed to pay half of the bill.",
]


def test_short_prose_paragraphs_made_mostly_of_links_stay():
    for markup, text in LINKED_PROSE:
        before = page("Tram line to reach the north by 2029",
                      f"<p>{markup}</p>" + "".join(f"<p>{p}</p>" for p in COUNCIL))
        after = page("Tram line to reach the north by 2029",
                     "".join(f"<p>{p}</p>" for p in COUNCIL) + f"<p>{markup}</p>")
        assert kept(before, text, *COUNCIL) == []
        assert kept(after, *COUNCIL, text) == []


def test_a_standfirst_or_a_first_entry_set_as_a_heading_stays():
    standfirst = "Tax agency will hire more than 1,000 debt collectors to claw back revenue"
    entry = "12:05 Council opens the debate on the northern tram line"
    for heading in (standfirst, entry):
        html = page("Tram line to reach the north by 2029",
                    f"<h2>{heading}</h2>" + "".join(f"<p>{p}</p>" for p in COUNCIL))
        assert kept(html, heading, *COUNCIL) == []


def test_a_standfirst_set_as_a_heading_stays_when_the_description_repeats_it():
    """The standfirst is the article's first prose, though the record also has it as
    description: a heading under the headline that repeats the description stays."""
    standfirst = "Tax agency will hire more than 1,000 debt collectors to claw back revenue"
    html = page("Tram line to reach the north by 2029",
                f"<h2>{standfirst}</h2>" + "".join(f"<p>{p}</p>" for p in COUNCIL),
                description=standfirst)
    assert clean_page(html, URL).meta.description == standfirst
    assert kept(html, standfirst, *COUNCIL) == []


def test_a_contact_line_whose_link_is_an_address_stays():
    """A columnist's line with an e-mail link, a box office's web address: contact details
    under the article, not links to other articles."""
    lines = [("Columnist Jane Doe <a href='mailto:jane.doe@citynews.example'>"
              "jane.doe@citynews.example</a>", "Columnist Jane Doe jane.doe@citynews.example"),
             ("Tickets<br><a href='https://theatre.example'>www.theatre.example</a>",
              "Tickets\nwww.theatre.example")]
    for markup, text in lines:
        html = page("Tram line to reach the north by 2029",
                    "".join(f"<p>{p}</p>" for p in COUNCIL) + f"<p>{markup}</p>")
        assert kept(html, *COUNCIL, text) == []


def test_subheadings_over_the_articles_last_short_paragraphs_stay():
    ending = [("The bottom line", "Worth it, at the right price."),
              ("Who should buy it", "Commuters with a long ride and a short budget.")]
    html = page("Tram line to reach the north by 2029",
                "".join(f"<p>{p}</p>" for p in COUNCIL)
                + "".join(f"<h2>{h}</h2><p>{p}</p>" for h, p in ending))
    assert kept(html, *COUNCIL, *(h for h, _ in ending), *(p for _, p in ending)) == []


def test_the_headline_over_the_article_still_goes():
    html = page("Tram line to reach the north by 2029", "".join(f"<p>{p}</p>" for p in COUNCIL))
    article = clean_page(html, URL)
    assert article.text.startswith(COUNCIL[0])


def test_structure_alone_never_takes_most_of_the_text():
    """A short item under two labels: the first label is a stacked label, but removing it
    would take most of what no rule calls a notice, so structure keeps its hands off."""
    items = [Block("Transport news", "head"), Block("Tram", "head"), Block("It opens.")]
    assert clean_blocks(items, "en").removed == []
    unbounded = clean_blocks(items, "en", options=CleanerOptions(structure_max_share=1.0))
    assert [r.rule for r in unbounded.removed] == ["structure-leading-heading"]


def test_a_short_line_under_the_headline_is_not_a_label_stacked_over_it():
    """A live blog's place line under its headline, over the standfirst: the article's."""
    items = [Block("Fire in the hills: twelve dead", "head", level=1),
             Block("Los Gallardos", "head", level=2),
             Block("Rescuers are still searching for 23 people", "head", level=2),
             *(Block(p) for p in COUNCIL)]
    result = clean_blocks(items, "en", title="Fire in the hills: twelve dead")
    assert [r.text for r in result.removed] == ["Fire in the hills: twelve dead"]
    kicker = [Block("Transport", "head", level=3), *items]
    assert [r.text for r in clean_blocks(kicker, "en", title=items[0].text).removed] == [
        "Transport", "Fire in the hills: twelve dead"]


def test_a_heading_close_to_the_title_under_the_articles_text_is_a_subheading():
    """The headline came with its date in one block; a heading below it that repeats most of
    the title's words is the article's own (a timetable's caption), not the headline."""
    items = [Block("Stock car calendar 2026\nMonday, 22 January 2026", "head", level=1),
             Block("The stock car calendar 2026", "head", level=3),
             Block("Round 1: 10 March, Interlagos\nRound 2: 8 April, Curitiba"),
             *(Block(p) for p in COUNCIL)]
    result = clean_blocks(items, "en", title="Stock car calendar 2026")
    assert result.removed == []


def test_words_linked_elsewhere_on_the_page_do_not_make_a_line_a_link():
    """A dateline whose place is also a link of the footer's country menu, a label that is
    also a menu entry: the links stand elsewhere, so the lines are the article's."""
    for line, entry in [("BAAR, SWITZERLAND", "Switzerland"), ("Dare to Play 3:", "Dare to Play 3")]:
        menu = "".join(f"<li><a href='/m{n}'>{text}</a></li>"
                       for n, text in enumerate([entry, "Austria and Liechtenstein"]))
        html = page("Tram line to reach the north by 2029",
                    f"<p>{line}</p>" + "".join(f"<p>{p}</p>" for p in COUNCIL)).replace(
                        "<footer>", f"<footer><ul>{menu}</ul>")
        assert kept(html, line, *COUNCIL) == []


def test_lines_that_are_their_own_links_are_still_links():
    """The markup still sees the links that stand in a line's own element: a whole-link
    line, a kicker over a linked headline, a teaser's headline over its summary."""
    html = ("<html><body><ul><li><a href='/ch'>Switzerland</a></li><li><a href='/at'>Austria</a>"
            "</li></ul>"
            "<p><a href='/r'>Full results of the state swim meet</a></p>"
            "<p>Read also: <a href='/f'>Ferry strike enters its third day</a></p>"
            "<div><a href='/b'><span>Bridge closed until May</span></a>"
            "<span>Buses replace trams on the line.</span></div>"
            "<p>BAAR, SWITZERLAND</p></body></html>")
    markup = read_markup(lxml.html.fromstring(html))
    assert markup.longest_link("full results of the state swim meet") == 35
    assert markup.link_share("read also: ferry strike enters its third day") > 0.6
    assert markup.starts_with_link("bridge closed until may buses replace trams on the line.")
    assert markup.longest_link("baar, switzerland") == 0


def test_a_separator_line_over_an_author_note_stays_when_the_note_goes():
    """A rule line ("_____") joined to the author's note under the article is layout, not
    the note: the note goes, the separator stays (in either order)."""
    note = "Dana Whitfield is a senior reporter at Pixel Weekly covering games and gadgets."
    article = [f"<p>{INTRO}</p>", f"<p>{INTRO.replace('autumn', 'summer')}</p>"]
    for joined in (f"______________________________<br>{note}", f"{note}<br>-----------"):
        result = clean_page(page("The best handheld deals this week", "".join(article)
                                 + f"<p>{joined}</p>"), URL)
        assert result is not None
        text = normalise(result.text)
        assert normalise(note) not in text
        assert any(set(line.strip()) <= set("_-") and len(line.strip()) > 3
                   for line in result.text.split("\n"))
