"""The block entry point: what goes, what stays, and why.

Each case pairs boilerplate that must be gone with article sentences that must stay.
"""

from __future__ import annotations

import lxml.html

from cleaners import Block, CleanerOptions, clean_blocks, clean_page, render
from cleaners.markup import read_markup
from cleaners.normalise import normalise

ARTICLE_EN = [
    "The city council voted on Tuesday to extend the tram line to the northern districts, "
    "a project first proposed more than a decade ago and repeatedly delayed by budget cuts.",
    "Supporters said the extension would cut commuting times by a third for some 40,000 "
    "residents, while opponents questioned the cost of the tunnels under the old town.",
    "Construction is due to start next spring and the first trams should run in 2029, the "
    "mayor said, adding that the regional government had agreed to pay half of the bill.",
]
SPANISH_NOTICE = [
    "Tu suscripción se está usando en otro dispositivo",
    "¿Quieres añadir otro usuario a tu suscripción?",
    "Si quieres compartir tu cuenta, cambia tu suscripción a la modalidad Premium, así podrás "
    "añadir otro usuario. Cada uno accederá con su propia cuenta de email, lo que os permitirá "
    "personalizar vuestra experiencia.",
    "En el caso de no saber quién está usando tu cuenta, te recomendamos cambiar tu contraseña.",
]


UNCAPPED = CleanerOptions(credit_max_share=1.0)  # credits go, whatever share they are


def blocks(*texts: str, tag: str = "p") -> list[Block]:
    return [Block(t, tag) for t in texts]


def test_foreign_notice_at_the_tail_goes_and_is_explained():
    result = clean_blocks(blocks(*ARTICLE_EN, *SPANISH_NOTICE), "en")
    assert [b.text for b in result.kept] == ARTICLE_EN
    assert [r.text for r in result.removed] == SPANISH_NOTICE
    assert all(r.rule and r.kind in {"device-sharing", "subscription"} for r in result.removed)


def test_foreign_quotation_inside_the_article_stays():
    quote = ("«No vamos a permitir que ningún hogar se quede sin agua este verano», dijo la "
             "ministra en una rueda de prensa celebrada en Barcelona el martes por la tarde.")
    text = [ARTICLE_EN[0], quote, ARTICLE_EN[1], ARTICLE_EN[2]]
    result = clean_blocks(blocks(*text), "en")
    assert [b.text for b in result.kept] == text
    assert result.removed == []


def test_foreign_paragraph_at_the_end_without_a_notice_beside_it_stays():
    closing = ("El proyecto, según el alcalde, «cambiará la vida de los barrios del norte» y "
               "será financiado a partes iguales por la ciudad y la región.")
    result = clean_blocks(blocks(*ARTICLE_EN, closing), "en")
    assert result.kept[-1].text == closing


def test_article_about_subscriptions_and_newsletters_keeps_every_paragraph():
    text = [
        "The newspaper said its digital subscriptions rose to 1.2 million last year, helped by "
        "a cheaper plan for students and a paywall that now lets readers see three free "
        "articles a month before asking them to subscribe.",
        "Its newsletters, which readers sign up for by email, now reach 4 million inboxes, and "
        "the company plans to charge for two of them from next year, its chief executive said.",
        "Regulators, meanwhile, fined the group for cookie banners that made it harder to "
        "refuse tracking than to accept it, a practice the European data protection board "
        "has called a dark pattern.",
    ]
    result = clean_blocks(blocks(*text), "en")
    assert [b.text for b in result.kept] == text


def test_the_headline_and_a_label_over_it_go_but_subheadings_stay():
    items = [Block("Transport", "head"), Block("Tram line to reach the north by 2029", "head"),
             *blocks(ARTICLE_EN[0]), Block("What happens next", "head"), *blocks(*ARTICLE_EN[1:])]
    result = clean_blocks(items, "en", title="Tram line to reach north by 2029 | City News")
    assert [r.rule for r in result.removed] == ["structure-leading-heading", "structure-title"]
    assert "What happens next" in [b.text for b in result.kept]


def test_title_repeated_on_top_is_removed():
    result = clean_blocks(blocks("Tram line to reach the north by 2029", *ARTICLE_EN), "en",
                          title="Tram line to reach the north by 2029")
    assert [r.rule for r in result.removed] == ["structure-title"]


def test_a_notice_inside_the_article_goes_when_its_container_is_named_for_it():
    pitch = "Keep an eye on your inbox for the latest news."
    page = ("<html><body><article>" + "".join(f"<p>{t}</p>" for t in ARTICLE_EN[:2])
            + f'<div class="newsletter-signup"><p>{pitch}</p></div>'
            + f"<p>{ARTICLE_EN[2]}</p></article></body></html>")
    markup = read_markup(lxml.html.fromstring(page))
    result = clean_blocks(blocks(ARTICLE_EN[0], ARTICLE_EN[1], pitch, ARTICLE_EN[2]), "en",
                          markup=markup)
    assert [r.text for r in result.removed] == [pitch]
    assert result.removed[0].rule.endswith("+markup")


def test_a_container_name_alone_removes_nothing():
    """Publishers wrap whole articles in "paywall" containers."""
    page = ('<html><body><div class="paywall-content">'
            + "".join(f"<p>{t}</p>" for t in ARTICLE_EN) + "</div></body></html>")
    markup = read_markup(lxml.html.fromstring(page))
    assert clean_blocks(blocks(*ARTICLE_EN), "en", markup=markup).removed == []


def test_render_separates_paragraphs_by_a_blank_line_and_list_items_by_a_line():
    items = [Block("Intro paragraph."), Block("one", "item", group=1),
             Block("two", "item", group=1),
             Block("Closing paragraph.")]
    assert render(items) == "Intro paragraph.\n\none\ntwo\n\nClosing paragraph."


def test_a_language_without_a_rule_file_is_cleaned_with_the_common_rules_only():
    text = ["Pemerintah mengumumkan paket kebijakan ekonomi baru pada hari Selasa untuk menjaga "
            "daya beli masyarakat menjelang akhir tahun, kata menteri keuangan di Jakarta."]
    assert [b.text for b in clean_blocks(blocks(*text), "id").kept] == text


def test_structure_never_removes_what_the_page_declares_its_article():
    teaser = "Five things to know about the new tram"
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
            '"isAccessibleForFree": false, "cssSelector": ".paid"}}</script></head><body>'
            f'<p>{ARTICLE_EN[0]}</p><div class="paid"><p>{ARTICLE_EN[1]}</p>'
            f'<h2>{teaser}</h2></div></body></html>')
    markup = read_markup(lxml.html.fromstring(page))
    items = [*blocks(ARTICLE_EN[0], ARTICLE_EN[1]), Block(teaser, "head")]
    assert clean_blocks(items, "en", markup=markup).removed == []
    assert [r.rule for r in clean_blocks(items, "en").removed] == ["structure-trailing-heading"]


def test_a_page_selector_that_cannot_be_used_is_ignored():
    page = ('<html><head><script type="application/ld+json">{"hasPart": {"cssSelector": '
            f'"x|p"}}}}</script></head><body><p>{ARTICLE_EN[0]}</p></body></html>')
    markup = read_markup(lxml.html.fromstring(page))
    assert markup.part_selectors == ("x|p",)
    assert clean_blocks(blocks(*ARTICLE_EN), "en", markup=markup).removed == []
    assert not markup.in_declared_part(normalise(ARTICLE_EN[0]))


SUBHEADING = "Opposition doubts the cost"
KICKER_ITEMS = [("Budget row: ", "Mayor rejects the opposition's tram plan"),
                ("Exclusive, from our city desk: ", "How the tunnel contract was awarded"),
                ("Analysis: ", "Why the northern districts waited so long")]


def _list_page(items: list[tuple[str, str]], heading: str) -> tuple[str, list[Block]]:
    """An article with a headed list between two sections; items are
    "<b>lead</b><a>linked</a>"."""
    html = (f"<html><body><article><p>{ARTICLE_EN[0]}</p><h3>{heading}</h3><ul>"
            + "".join(f'<li><b>{lead}</b><a href="/x{n}">{linked}</a></li>'
                      for n, (lead, linked) in enumerate(items))
            + f"</ul><h3>{SUBHEADING}</h3><p>{ARTICLE_EN[1]}</p><p>{ARTICLE_EN[2]}</p>"
            "</article></body></html>")
    listed = [Block(lead + linked, "item", group=1) for lead, linked in items]
    return html, [Block(ARTICLE_EN[0]), Block(heading, "head"), *listed,
                  Block(SUBHEADING, "head"), *blocks(ARTICLE_EN[1], ARTICLE_EN[2])]


def test_a_list_of_linked_headlines_goes_with_its_heading():
    html, items = _list_page(KICKER_ITEMS, "More exclusive reporting, for you")
    result = clean_blocks(items, "en", markup=read_markup(lxml.html.fromstring(html)))
    assert [b.text for b in result.kept] == [ARTICLE_EN[0], SUBHEADING, *ARTICLE_EN[1:]]
    assert [r.rule for r in result.removed] == ["structure-label-of-removed"] + [
        "structure-link-list"] * 3
    assert {r.kind for r in result.removed} == {"related"}


def test_a_list_of_facts_or_names_with_a_link_in_each_stays_with_its_heading():
    facts = [("The line will run 6.5 km with eight new stops, most of them ", "underground"),
             ("The regional government pays half of the bill, the city ", "the rest"),
             ("The first trams are due in 2029, after a ", "five-year build")]
    names = [("Chair: ", "Maria Lopez"), ("Treasurer: ", "Samuel Okafor"),
             ("Transport: ", "Lena Bergström")]
    for items, heading in [(facts, "The extension in numbers"), (names, "The new committee")]:
        html, page_blocks = _list_page(items, heading)
        result = clean_blocks(page_blocks, "en",
                              markup=read_markup(lxml.html.fromstring(html)))
        assert result.removed == []


def test_a_line_naming_only_the_pages_authors_is_a_byline_wherever_it_stands():
    for byline, authors in [("Von Nina Magoley", ["Nina Magoley"]),
                            ("By Ana Ruiz and Tom Hale", ["Tom Hale", "Ana Ruiz"]),
                            ("Por Ana Ruiz, Madrid", ["Ana Ruiz"])]:
        items = blocks(ARTICLE_EN[0], byline, *ARTICLE_EN[1:])
        result = clean_blocks(items, "en", authors=authors)
        assert [(r.rule, r.text) for r in result.removed] == [("structure-byline", byline)]
    for line, authors in [("Nina Magoley reported it first", ["Nina Magoley"]),
                          ("AP, citing two officials.", ["AP"]),
                          ("Staff, students and parents", ["Staff"]),
                          ("Merkel, Bundeskanzlerin a.D.", ["Merkel"])]:
        result = clean_blocks(blocks(ARTICLE_EN[0], line, *ARTICLE_EN[1:]), "en",
                              authors=authors)
        assert result.removed == [], line
    assert clean_blocks(blocks(*ARTICLE_EN), "en", authors=None).removed == []
    assert clean_blocks(blocks(ARTICLE_EN[0], "Von Nina Magoley", *ARTICLE_EN[1:]),
                        "de").removed == []  # no authors known: nothing to compare


def test_notices_above_a_rail_of_teasers_are_after_the_article():
    """Teasers (a linked headline and its summary) are as long as paragraphs; once they are
    known to be a rail, the article ends before them, and what stands between is its tail
    (where the rules of every language apply)."""
    teasers = [(f"Story {n}: the ferry strike enters its {day} day",
                f" Unions and operators met again on {day} without a deal, and passengers were "
                "told to expect more cancellations on the island routes this week.")
               for n, day in enumerate(["second", "third", "fourth"], 1)]
    pitch = "Get the city's big stories every morning, straight to your inbox."
    consent = "Al suscribirte aceptas nuestra política de privacidad y las condiciones de uso."
    html = ("<html><body><article>" + "".join(f"<p>{t}</p>" for t in ARTICLE_EN)
            + f"<h3>{pitch}</h3><p>{consent}</p><ul>"
            + "".join(f'<li><a href="/s{n}">{head}</a>{summary}</li>'
                      for n, (head, summary) in enumerate(teasers))
            + "</ul></article></body></html>")
    items = [*blocks(*ARTICLE_EN), Block(pitch, "head"), Block(consent),
             *(Block(head + summary, "item", group=1) for head, summary in teasers)]
    result = clean_blocks(items, "en", markup=read_markup(lxml.html.fromstring(html)))
    assert [b.text for b in result.kept] == ARTICLE_EN
    assert [r.text for r in result.removed[:2]] == [pitch, consent]
    assert result.removed[1].rule == "es-newsletter-consent"


def test_a_drawn_rule_above_a_notice_does_not_hide_it_from_the_rules():
    """The rule sees the note under the line; the line itself, set as a heading, labels
    nothing and is no notice: it stays."""
    bio = "______________________________\nEric Song is IGN's deal curator and spends 25% of his pay."
    assert normalise(bio) == "eric song is ign's deal curator and spends 25% of his pay."
    assert normalise("Wait... what?") == "wait... what?"
    result = clean_blocks([*blocks(*ARTICLE_EN), Block(bio, "head")], "en")
    assert [r.rule for r in result.removed] == ["en-author-bio"]
    assert [b.text for b in result.kept] == [*ARTICLE_EN, "______________________________"]


def test_a_subheading_over_a_picture_and_its_credit_stays():
    items = [Block(ARTICLE_EN[0]), Block("The old town from above", "head"),
             Block("Photo: AFP"), Block("Costs", "head"), *blocks(*ARTICLE_EN[1:])]
    result = clean_blocks(items, "en")
    assert [r.text for r in result.removed] == ["Photo: AFP"]


SHORT_ITEM_JA = ("長野県北部で1日午前、震度4の地震があった。気象庁によると、震源の深さは約10キロで、"
                 "津波の心配はないという。県内の鉄道は一時運転を見合わせた。")
SHORT_ITEM_EN = ("Rescue teams reached the village on Sunday after the landslide cut its only road, "
                 "and the regional government said about 200 people had been moved to a school.")


def test_a_short_item_joined_to_its_credit_line_keeps_its_prose():
    """A one-paragraph item that extraction gives as one block with the page's copyright
    line, on one line or after a line break: only the credit goes, never the item with it."""
    for item, credit, language in [
            (SHORT_ITEM_JA, "無断転載・複製を禁じます。", "ja"),
            (SHORT_ITEM_JA, "記事・写真・図表などの無断転載を禁止します。", "ja"),
            (SHORT_ITEM_EN, "Copyright 2026 City News. All rights reserved.", "en")]:
        spaceless = (item + credit,) if language == "ja" else ()  # no space after 。
        for joined in (*spaceless, f"{item} {credit}", f"{item}\n{credit}"):
            result = clean_blocks([Block(joined)], language, options=UNCAPPED)
            assert [b.text for b in result.kept] == [item], joined
            assert [(r.kind, r.text) for r in result.removed] == [("copyright", credit)]


def test_an_agency_items_last_short_paragraph_keeps_its_prose_above_the_credit():
    """A wire story's last paragraph, one short sentence, and the agency's whole notice after
    a line break: the notice goes, the sentence stays."""
    last = "Schools in three counties canceled classes for Wednesday."
    notice = ("Copyright 2026 The Wire Service. All rights reserved. This material may not be "
              "published, broadcast, rewritten or redistributed except by subscribers.")
    result = clean_blocks(blocks(*ARTICLE_EN, f"{last}\n{notice}"), "en")
    assert [b.text for b in result.kept] == [*ARTICLE_EN, last]
    assert [r.text for r in result.removed] == [notice]


def test_a_credit_block_with_no_prose_beside_it_still_goes_whole():
    for notice in ("Copyright 2026 City News. All rights reserved. This material may not be "
                   "published, broadcast, rewritten or redistributed.",
                   "Copyright 2026 City News. All rights reserved. Click here to read how you "
                   "may republish our stories.",
                   "Copyright 2026 City News. All rights reserved.\nMore"):
        result = clean_blocks(blocks(*ARTICLE_EN, notice), "en", options=UNCAPPED)
        assert [b.text for b in result.kept] == ARTICLE_EN
        assert [r.text for r in result.removed] == [notice]


WIRE_RIGHTS = ("© 2026 The Wire Service. All Rights Reserved. This material may not be "
               "published, broadcast, rewritten, or redistributed.")
LONGER_EN = [*ARTICLE_EN, *(  # about 2,800 characters in all
    f"At the meeting in {place} on {day}, residents asked how long their streets would be "
    f"closed during the works, and the engineers answered that the section would take about "
    f"{months} months to finish."
    for place, day, months in [("Norden", "Monday", 4), ("Eastfield", "Tuesday", 6),
                               ("Millbrook", "Wednesday", 5), ("Harbourside", "Thursday", 8),
                               ("Old Town", "Friday", 9), ("Westgate", "Saturday", 3),
                               ("Kingsmoor", "a Sunday", 7), ("Riverside", "the holiday", 2),
                               ("Ashby", "the next Monday", 10), ("Fenwick", "that evening", 11),
                               ("Linton", "the last day", 12), ("Brayford", "that night", 1)])]


def test_credits_that_would_be_much_of_a_short_item_stay_and_go_after_a_longer_one():
    """A wire brief of three paragraphs and its rights line, alone or run into the last
    paragraph: the line is over ``credit_max_share`` of what the reader gets, and stays whole.
    After an article of twice the length, the same line is under it, and goes."""
    for last in (f"{ARTICLE_EN[-1]}\n{WIRE_RIGHTS}", ARTICLE_EN[-1] + " " + WIRE_RIGHTS):
        short = clean_blocks(blocks(*ARTICLE_EN[:-1], last), "en")
        assert short.removed == []
        assert normalise(" ".join(b.text for b in short.kept)) == normalise(
            " ".join([*ARTICLE_EN[:-1], last]))
    short = clean_blocks(blocks(*ARTICLE_EN, WIRE_RIGHTS), "en")
    assert (short.removed, [b.text for b in short.kept]) == ([], [*ARTICLE_EN, WIRE_RIGHTS])
    joined = f"{SHORT_ITEM_EN} Copyright 2026 City News. All rights reserved."  # (split apart
    item = clean_blocks([Block(joined)], "en")  # when credits may take any share)
    assert (item.removed, [b.text for b in item.kept]) == ([], [joined])
    longer = clean_blocks(blocks(*LONGER_EN, WIRE_RIGHTS), "en")
    assert [b.text for b in longer.kept] == LONGER_EN
    assert [(r.kind, r.text) for r in longer.removed] == [("copyright", WIRE_RIGHTS)]


def test_a_credit_that_speaks_to_the_reader_or_names_a_subscription_is_a_notice_and_goes():
    """On the same short brief, rights lines that say more than whose the text is: each is a
    notice whatever its share."""
    for notice in ("Copyright 2026 City News. This copy is for your personal, non-commercial "
                   "use only.",
                   "© 2026 The Wire Service. All rights reserved. A subscription is required "
                   "for commercial use of this content."):
        result = clean_blocks(blocks(*ARTICLE_EN, notice), "en")
        assert [b.text for b in result.kept] == ARTICLE_EN, notice
        assert [r.text for r in result.removed] == [notice]


def _reviews_page(section: str) -> str:
    """A buying guide: two paragraphs, a "Recommended" subheading over ``section``, then a
    "How we tested" section."""
    return ("<html lang='en'><head><title>The best rain jackets | City News</title></head><body>"
            "<main><article><h1>The best rain jackets</h1>"
            f"<div class='body'><p>{ARTICLE_EN[0]}</p><p>{ARTICLE_EN[1]}</p>"
            f"<h2>Recommended</h2>{section}<h2>How we tested</h2><p>{ARTICLE_EN[2]}</p>"
            "</div></article></main></body></html>")


PICKS = [("Best overall: the ", "Fjell Shell", " kept us dry through a week of storms on the "
          "coast and packs into its own pocket."),
         ("Best value: the ", "Harbour Mac", " costs half as much as its rivals and was warm "
          "enough for every morning we wore it.")]


def test_a_related_label_over_the_articles_own_prose_paragraphs_is_its_subheading():
    """A buying guide's "Recommended" picks: prose paragraphs that each hold a link, under a
    heading a related rule names; the heading labels the article's own section and stays."""
    section = "".join(f"<p>{lead}<a href='/shop/{n}'>{name}</a>{rest}</p>"
                      for n, (lead, name, rest) in enumerate(PICKS))
    article = clean_page(_reviews_page(section), "https://news.example/2026/jackets.html")
    assert "\n\nRecommended\n\n" in article.text
    assert [r.rule for r in article.removed] == ["structure-title"]


def test_a_related_label_over_teasers_opening_with_links_still_goes():
    section = "".join(f"<p><a href='/story/{n}'>{name}: the jacket everyone wants</a>{rest}</p>"
                      for n, (_, name, rest) in enumerate(PICKS))
    article = clean_page(_reviews_page(section), "https://news.example/2026/jackets.html")
    assert "Recommended" not in article.text
    assert "en-related-label" in [r.rule for r in article.removed]


def test_furniture_around_the_article_has_kinds_of_its_own():
    """The headline and a byline are the page's furniture, with kinds that say so."""
    result = clean_blocks([Block("Tram line to reach the north", "head", level=1),
                           Block("By Ana Ruiz"), *blocks(*ARTICLE_EN)], "en",
                          title="Tram line to reach the north", authors=["Ana Ruiz"])
    assert [(r.rule, r.kind) for r in result.removed] == [
        ("structure-title", "headline"), ("structure-byline", "byline")]
    credit = clean_blocks(blocks(*ARTICLE_EN, "(Reporting by Ana Ruiz; Editing by Tom Hale)"),
                          "en")
    assert [(r.rule, r.kind) for r in credit.removed] == [("en-reporting-credit", "byline")]


def _story(body: str) -> str:
    return ("<html lang='en'><head><title>Rovers edge City | City News</title></head><body>"
            f"<main><article><h1>Rovers edge City</h1>{body}</article></main></body></html>")


def test_a_bare_label_over_the_articles_own_short_sentences_stays():
    """A game story's "UP NEXT" over each side's next fixture: its own lines, not a rail."""
    fixtures = ["Rovers: Visit the Harbour club on Saturday.", "City: Host Rovers on Sunday."]
    html = _story("".join(f"<p>{p}</p>" for p in ARTICLE_EN) + "<p>UP NEXT</p>"
                  + "".join(f"<p>{p}</p>" for p in fixtures))
    article = clean_page(html, "https://news.example/2026/rovers.html")
    assert article.text.endswith("\n\n".join(["UP NEXT", *fixtures]))


def test_a_label_carrying_a_teaser_or_over_a_linked_teaser_still_goes():
    teaser = "Related: The ten oldest tram stations in Europe"
    html = _story(f"<p>{ARTICLE_EN[0]}</p><p>{teaser}</p>"
                  + "".join(f"<p>{p}</p>" for p in ARTICLE_EN[1:]))
    assert teaser not in clean_page(html, "https://news.example/2026/rovers.html").text
    linked = ("".join(f"<p>{p}</p>" for p in ARTICLE_EN) + "<p>UP NEXT</p>"
              "<p><a href='/s/1'>Harbour club sacks its coach</a> after the derby defeat.</p>"
              "<p><a href='/s/2'>City's new stand opens</a> three months late.</p>")
    text = clean_page(_story(linked), "https://news.example/2026/rovers.html").text
    assert "UP NEXT" not in text


def test_a_container_is_named_for_a_kind_by_its_class_or_its_id():
    """``in_container``: the class or the id of an element under the body names the kind
    (a word of ``HINT_WORDS`` inside it), its text holds the block's; another kind's
    container, a word in the head and a page wrapper over ``MAX_HINT_CHARS`` name nothing."""
    wrapper = "Long story. " * 300
    page = lxml.html.fromstring(
        "<html><head><title class='newsletter'>Get our daily digest</title></head>"
        "<body>"
        "<div id='nl-signup-box'><p>Sign up for the morning briefing</p></div>"
        "<section class='site-paywall premium'><p>Subscribers read on</p></section>"
        "<aside class='social-share'><p>Share this story</p></aside>"
        f"<div class='related-wrapper'><p>{wrapper}</p><p>Read more stories</p></div>"
        "</body></html>")
    markup = read_markup(page)
    assert markup.in_container(normalise("Sign up for the morning briefing"), "newsletter")
    assert markup.in_container(normalise("Subscribers read on"), "paywall")
    assert markup.in_container(normalise("Share this story"), "social")
    assert not markup.in_container(normalise("Share this story"), "newsletter")
    assert not markup.in_container(normalise("Sign up for the morning briefing"), "paywall")
    assert not markup.in_container(normalise("Read more stories"), "related")
    assert not markup.in_container(normalise("Get our daily digest"), "newsletter")  # the head
