"""Notices as a class (cleaners/notices.py): notices in words no rule has, in any language, go
whole; article text that talks of the same things stays."""

from __future__ import annotations

import pytest

from cleaners import Block, clean_blocks, clean_page
from cleaners.address import addresses_reader, orders_reader
from cleaners.normalise import normalise
from cleaners.notices import NOTICE_CONCEPTS, NOTICE_UNIT, split_run_ons
from cleaners.options import CleanerOptions

from .conftest import FIXTURES

ARTICLE_EN = [
    "The Port of Valencia opened a second refrigerated terminal on Monday, doubling the space it "
    "can offer to exporters of citrus fruit and frozen fish at a time when shipping lines are "
    "rerouting cargo away from the Red Sea.",
    "The terminal, built on reclaimed land at the southern dock, holds 4,200 refrigerated "
    "containers and cost 86 million euros, two thirds of it paid by the port authority.",
    "Exporters have complained for years that oranges waited on trucks for hours during the "
    "winter season; the port authority says the new yard should cut those waits to forty minutes.",
]
ARTICLE_JA = [
    "気象庁は二十日、関東甲信地方が梅雨明けしたとみられると発表した。平年より一日早く、昨年より"
    "八日遅い梅雨明けとなった。各地で三十五度を超える猛暑日が予想され、熱中症への警戒を呼びかけている。",
    "東京都心では午前中から気温が上がり、正午までに三十三度を記録した。都は公共施設を涼み処として"
    "開放し、高齢者の見守り活動を強化するよう区市町村に要請した。",
    "農林水産省によると、少雨の影響で一部の地域では稲の生育に遅れが出ている。農家からは水不足を"
    "心配する声が上がっており、県は用水の節約を呼びかけている。",
]
ARTICLE_PT = [
    "O Flamengo venceu o Palmeiras por dois a um neste domingo, no Maracanã, e assumiu a liderança "
    "isolada do Campeonato Brasileiro a seis rodadas do fim da competição.",
    "Os gols foram marcados no segundo tempo, depois de uma primeira etapa equilibrada em que os "
    "dois goleiros fizeram defesas importantes e o árbitro anulou um gol por impedimento.",
    "Com o resultado, o time carioca chega a setenta pontos, três a mais que o rival paulista, que "
    "ainda tem um jogo atrasado a disputar contra o Bahia na próxima quarta-feira.",
]

# The device-sharing notice in other words than any rule's, in three pairings.
DEVICE_NOTICES = {
    ("en", "es"): (ARTICLE_EN, [
        "Alguien más está leyendo con tu cuenta",
        "Tu suscripción está activa ahora mismo en otro dispositivo.",
        "¿Quieres sumar un segundo lector a tu plan? Hazlo desde tu perfil.",
        "Si no reconoces ese acceso, cambia tu contraseña cuanto antes.",
    ]),
    ("ja", "en"): (ARTICLE_JA, [
        "Your account is open on another device",
        "Someone else is signed in with your subscription right now.",
        "Add a second reader to your plan from your profile page.",
        "If you do not recognise this session, change your password.",
    ]),
    ("pt", "de"): (ARTICLE_PT, [
        "Ihr Konto wird gerade auf einem anderen Gerät genutzt",
        "Jemand anderes liest gerade mit Ihrem Abonnement.",
        "Fügen Sie Ihrem Abo einen weiteren Leser hinzu.",
        "Wenn Sie diese Sitzung nicht kennen, ändern Sie Ihr Passwort.",
    ]),
}


def _page(lang: str, paragraphs: list[str], box: list[str], box_tag: str = "div") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    notice = f"<h3>{box[0]}</h3>" + "".join(f"<p>{p}</p>" for p in box[1:])
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>Story</title></head><body><main><article><h1>Story</h1>"
            f'<div class="story-body">{body}<{box_tag} class="x7k2"><div>{notice}</div>'
            f"</{box_tag}></div></article></main></body></html>")


@pytest.mark.parametrize(("pairing", "case"), DEVICE_NOTICES.items(),
                         ids=[f"{b}-under-{a}" for a, b in DEVICE_NOTICES])
def test_a_device_sharing_notice_in_new_words_and_another_language_goes_whole(pairing, case):
    lang, _ = pairing
    article, notice = case
    result = clean_page(_page(lang, article, notice))
    text = normalise(result.text)
    assert result.language == lang
    for paragraph in article:
        assert normalise(paragraph) in text
    for line in notice:
        assert normalise(line) not in text, line
    taken = {normalise(r.text): r.kind for r in result.removed}
    assert {taken[normalise(line)] for line in notice[1:]} == {"device-sharing"}


def test_the_founding_case_reworded_goes_whole_from_a_page_written_like_the_real_one():
    html = (FIXTURES / "notices" / "en-es-device-reworded.html").read_bytes()
    result = clean_page(html)
    assert result.text.count("\n\n") == 3  # the four article paragraphs, nothing else
    assert {r.rule for r in result.removed} >= {NOTICE_CONCEPTS, NOTICE_UNIT}


def test_a_notice_in_another_language_longer_than_a_short_article_goes_whole():
    """Longer than the article, it still goes: the share a page's notices may take is asked
    only of those named in the article's own words (a deals page)."""
    article = ARTICLE_PT[:2]
    notice = ["Someone else is using your login right now",
              "Your membership is open on a second screen at the moment. Since only one person "
              "can read on it at a time, we stopped the session there; continuing on this "
              "browser will sign that other device out automatically.",
              "Want the whole family to read? Switch to the Family option and add three more "
              "people with their own account, with the first month at no cost.",
              "Was this not you? Change your password and check your signed-in devices."]
    assert sum(map(len, notice)) > sum(map(len, article))
    result = clean_page(_page("pt", article, notice))
    text = normalise(result.text)
    assert result.language == "pt"
    assert all(normalise(p) in text for p in article)
    assert not [line for line in notice if normalise(line) in text]


BRIEF_PT = ["A ponte entre Gaia e o Porto fecha ao trânsito no domingo para obras no tabuleiro.",
            "Os autocarros seguem pela ponte da Arrábida, informou a câmara municipal."]


def test_a_notice_after_a_brief_whose_paragraphs_are_all_short_goes_whole():
    """Every paragraph of the brief is shorter than ``substantial_chars`` and than the notice:
    the article's extent is the brief's own paragraphs, as on a long article."""
    assert all(len(p) < CleanerOptions().substantial_chars for p in BRIEF_PT)
    notice = DEVICE_NOTICES[("pt", "de")][1][:1] + [
        "Jemand anderes liest gerade mit Ihrem Abonnement auf einem zweiten Bildschirm, und da "
        "nur eine Person gleichzeitig lesen kann, haben wir die Sitzung dort für Sie angehalten.",
        "Fügen Sie Ihrem Abo einen weiteren Leser hinzu, für zwei Euro mehr im Monat.",
        "Wenn Sie diese Sitzung nicht kennen, ändern Sie Ihr Passwort."]
    result = clean_page(_page("pt", BRIEF_PT, notice))
    text = normalise(result.text)
    assert result.language == "pt"
    assert all(normalise(p) in text for p in BRIEF_PT)
    assert not [line for line in notice[1:] if normalise(line) in text]


def test_a_wall_in_the_articles_language_goes_with_its_box_heading_and_login_line():
    wall = ["Continue a ler com o Diário Plus",
            "Assine agora e tenha acesso ilimitado: o primeiro mês por apenas 1 €.",
            "Já é assinante? Inicie sessão na sua conta."]
    result = clean_page(_page("pt", ARTICLE_PT, wall, box_tag="section"))
    text = normalise(result.text)
    assert all(normalise(p) in text for p in ARTICLE_PT)
    assert not any(normalise(line) in text for line in wall)


ABOUT_SHARING = [
    "Streaming services are cracking down on password sharing, and the companies say the "
    "change has brought them millions of new subscribers since the spring.",
    "They detect shared accounts by comparing the networks and devices from which a "
    "subscription is used, and ask members outside the household to pay for an extra member.",
    "Consumer groups argue that families who live apart, such as students away at university, "
    "are being charged twice for a single account and a single password.",
    "The regulator said it would look at whether the new fees were explained clearly enough "
    "when customers signed up, and whether they could cancel their subscription without penalty.",
]


def test_an_article_about_account_sharing_keeps_every_paragraph():
    result = clean_page(_page("en", ABOUT_SHARING[:2], ["Subscribers and passwords",
                                                          *ABOUT_SHARING[2:]]))
    text = normalise(result.text)
    assert all(normalise(p) in text for p in ABOUT_SHARING)
    assert not [r for r in result.removed if r.rule.startswith("notice-")]


def test_a_teaser_link_between_paragraphs_goes_and_prose_naming_the_same_things_stays():
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
            '<body><article><h1>T</h1><div class="body">'
            f"<p>{ARTICLE_EN[0]}</p>"
            '<p><a href="/newsletters/briefing">Get our morning briefing newsletter in your inbox'
            "</a></p>"
            f"<p>{ARTICLE_EN[1]}</p>"
            "<p>The port's own app, which drivers use to book a slot, will also show the waiting "
            "time at the gate, the operator said in a statement.</p>"
            f"<p>{ARTICLE_EN[2]}</p></div></article></body></html>")
    result = clean_page(html)
    text = normalise(result.text)
    assert "morning briefing" not in text
    assert "the port's own app" in text


def test_a_fact_box_ending_on_a_link_to_more_of_the_story_stays_beside_a_notice():
    """A box with a heading, a line naming a concept and a lone link is a notice's shape; its
    link is a call to action only when it names a notice concept or gives an order."""
    fact = ("Two thirds of the cost comes from the port authority; exporters pay the rest "
            "through a subscription fee charged on every container.")
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
            '<body><article><h1>T</h1><div class="body">'
            f"<p>{ARTICLE_EN[0]}</p>"
            '<div class="facts"><h3>How the terminal is paid for</h3>'
            f'<p>{fact}</p><a href="/port/annual-report-2026">The port authority\'s annual report'
            "</a></div>"
            f"<p>{ARTICLE_EN[1]}</p>"
            '<p><a href="/newsletters/briefing">Get our morning briefing newsletter in your inbox'
            "</a></p>"
            f"<p>{ARTICLE_EN[2]}</p></div></article></body></html>")
    text = normalise(clean_page(html).text)
    assert normalise(fact) in text
    assert "morning briefing" not in text


def test_a_notice_joined_to_the_last_paragraph_by_a_line_break_is_split_off():
    options = CleanerOptions()
    last = ("Shares in the operator rose 3% in Madrid after the announcement, their highest "
            "close since March.\nSubscribe to read the full report: your first month for 1 €.")
    blocks = split_run_ons([Block(ARTICLE_EN[0]), Block(last)], "en", options)
    assert blocks[-1].text == "Subscribe to read the full report: your first month for 1 €."
    assert blocks[1].text.endswith("highest close since March.")
    prose = ("Shares rose 3% in Madrid after the announcement, their highest close since "
             "March.\nThe operator's chief executive called the terminal a turning point.")
    assert len(split_run_ons([Block(prose)], "en", options)) == 1


def test_an_article_that_talks_of_offers_loses_nothing_to_concept_evidence():
    deals = [
        "Sign up for the streaming bundle and save $5 a month compared with buying each "
        "service on its own; the offer runs until the end of the year.",
        "If you already have an account, visit your account page and choose the bundle to "
        "upgrade; your first month is charged at the new price.",
        "The ad-free plan costs $11.99 a month and includes the sports channel, which is "
        "otherwise sold separately for $9.99.",
    ]
    cleaned = clean_blocks([Block(t) for t in [*ARTICLE_EN, *deals]], "en")
    assert len(cleaned.kept) == len(ARTICLE_EN) + len(deals)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Your subscription is active on another device", "en", True),
    ("The company said its subscribers could share one account", "en", False),
    ("Bitte ändern Sie Ihr Passwort", "de", True),
    ("Ihr Konto wird gerade genutzt", "de", False),  # "Ihr" opening a sentence: her, or your
    ("Sie sagte, das Konto sei gesperrt.", "de", False),  # "Sie" opening a sentence: she
    ("Tu suscripción está activa", "es", True),
    ("Hesabınıza başka bir cihazdan giriş yapıldı", "tr", True),
    ("Your account", None, False),
    ("Your account", "xx", False),
])
def test_addressing_the_reader(text, lang, expected):
    assert addresses_reader(text, lang) is expected


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Get breaking news alerts from the app. Download it free.", "en", True),
    ("Share prices fell on Monday.", "en", False),  # not an order: left out of the table
    ("The follow-up talks start today", "en", False),
    ("Analysts said investors should download the report.", "en", False),  # not where it starts
    ("“Download it, try it,” the founder said.", "en", False),  # an order quoted in the story
    ("→ Abonnez-vous à la lettre", "fr", True),
    ("Receba as notícias. Inscreva-se na nossa newsletter.", "pt", True),
    ("Підписуйтеся на наш Telegram-канал", "uk", True),
    ("எங்கள் வாட்ஸ்அப் சேனலில் இணையுங்கள்", "ta", True),  # the verb last
    ("关注我们的公众号", "zh", True),
    ("我们关注此事", "zh", False),
    ("Download the app", None, False),
])
def test_an_order_to_the_reader_where_a_sentence_starts_or_ends(text, lang, expected):
    assert orders_reader(text, lang) is expected


def test_a_notice_in_the_articles_language_after_it_goes_without_a_box_of_its_own():
    promo = ("Don't miss a story: sign up for our free newsletter and get the best of the week "
             "in your inbox every Friday.")
    about = ("The port's newsletter, sent to 2,000 exporters every week, will now list the "
             "waiting times at each gate.")
    blocks = [Block(t) for t in [*ARTICLE_EN, about, promo]]
    cleaned = clean_blocks(blocks, "en")
    assert [r.text for r in cleaned.removed] == [promo]


def test_leaving_a_half_out_leaves_out_the_lexicon_concepts_tuned_on_it():
    from cleaners import load_rules
    from cleaners.lexicon import additions, concepts

    addition = next(c for c in additions()
                    if c.name not in concepts(c.match[0], c.language, frozenset({c.seen_in})))
    rules = load_rules().without(lambda page: page == addition.seen_in)
    assert rules.excluded == {addition.seen_in}
    assert addition.name in concepts(addition.match[0], addition.language)
    assert addition.name not in concepts(addition.match[0], addition.language, rules.excluded)
    assert load_rules().without(lambda page: False) is load_rules()


def test_a_channel_prompt_after_the_article_goes_and_a_sentence_about_the_channel_stays():
    prompt = "Follow the latest on our WhatsApp channel"
    about = "The port posts the waiting times on WhatsApp."
    cleaned = clean_blocks([Block(t) for t in [*ARTICLE_EN, prompt]], "en")
    assert [r.text for r in cleaned.removed] == [prompt]
    cleaned = clean_blocks([Block(t) for t in [*ARTICLE_EN, about]], "en")
    assert cleaned.removed == []


def test_a_standfirst_about_a_messaging_service_before_the_article_stays():
    standfirst = "WhatsApp outage leaves millions without messages for three hours"
    cleaned = clean_blocks([Block(t) for t in [standfirst, *ARTICLE_EN]], "en")
    assert cleaned.removed == []


def test_a_box_in_another_language_goes_whole_when_its_button_was_split_off_its_line():
    box = ["Get the Brazil briefing",
           "Our editors’ pick of the country’s news, in English, every weekday morning.",
           "Subscribe to the briefing"]
    html = (f'<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Story</title>'
            f"</head><body><main><article><h1>Story</h1><div class=\"story-body\">"
            f"<p>{ARTICLE_PT[0]}</p><p>{ARTICLE_PT[1]}</p><div class=\"k3\"><h3>{box[0]}</h3>"
            f'<p>{box[1]}</p><a class="b" href="/offer">{box[2]}</a></div>'
            f"<p>{ARTICLE_PT[2]}</p></div></article></main></body></html>")
    text = clean_page(html).text
    assert all(p in text for p in ARTICLE_PT)
    assert [line for line in box if line in text] == []


def test_a_promo_marked_up_otherwise_than_the_entries_of_a_live_blog_goes():
    """Each entry of a live blog is an element of its own, so a promo between them stands in
    no other element than they do: its tag and class tell it apart."""
    entries = "".join(f'<div class="entry"><span class="time">1{k}:00</span>\n<p>{p}</p></div>'
                      for k, p in enumerate(ARTICLE_EN))
    promo = "Follow the latest on our Telegram channel"
    entries = entries.replace('<div class="entry"><span class="time">11',
                              f'<div class="promo">{promo}</div>'
                              '<div class="entry"><span class="time">11', 1)
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live</title>'
            f'</head><body><main><article><h1>Live</h1><div class="live">{entries}</div>'
            '</article></main></body></html>')
    result = clean_page(html)
    assert promo not in result.text
    assert all(p in result.text for p in ARTICLE_EN)


def _boxed_page(box: str) -> str:
    """ARTICLE_EN with a box between its second and third paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_EN[:2]) + box + f"<p>{ARTICLE_EN[2]}</p>"
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story</title>'
            f'</head><body><article><h1>Story</h1><div class="text">{body}</div></article>'
            "</body></html>")


APPEAL = ["Independent reporting lives on its readers",
          "None of our reporting sits behind a paywall. Readers who give a monthly donation "
          "keep this paper going."]


def test_a_button_no_lexicon_word_names_goes_with_its_donation_appeal():
    """A lone link shaped as a button (a few words, no sentence) in a box naming a notice
    concept is its call to action: the box goes whole with it."""
    box = (f'<div class="k9"><h4>{APPEAL[0]}</h4><p>{APPEAL[1]}</p>'
           '<a class="k9__a" href="/join">Stand with us</a></div>')
    text = normalise(clean_page(_boxed_page(box)).text)
    assert all(normalise(p) in text for p in ARTICLE_EN)
    assert not [line for line in [*APPEAL, "Stand with us"] if normalise(line) in text]


def test_a_fact_box_linking_to_a_story_keeps_its_paragraph():
    """A hard negative: a fact box naming a concept, whose lone link goes to a story (an
    address with an id), is the article's."""
    fact = ("Exporters who hold a subscription to the port's booking system can reserve a "
            "refrigerated slot up to ten days ahead.")
    box = (f'<div class="k9"><h4>What exporters can do</h4><p>{fact}</p>'
           '<a href="/port/booking-rules-explained-a-40211">Booking rules</a></div>')
    text = normalise(clean_page(_boxed_page(box)).text)
    assert all(normalise(p) in text for p in [*ARTICLE_EN, fact])


def test_the_elements_holding_a_text_are_those_of_the_plain_xpath_in_document_order():
    """``_holding`` reads only the children of elements that hold the key: it finds what the
    XPath over every element finds, nested boxes, words split by inline tags and runs of
    spaces included, and nothing outside the body."""
    import lxml.html

    from cleaners.notices import _holding

    tree = lxml.html.fromstring(
        "<html><head><title>Get the app now</title></head><body>"
        "<div id='a'><section><p>Get  the <b>app</b>\n now</p><p>Get the app now, "
        "again</p></section><aside><div><span>Ge</span>t the app now</div></aside></div>"
        "<p>nothing here</p><ul><li><a href='/x'>get the app now</a></li>"
        "<li>Get the app <i>n</i>ow</li></ul></body></html>")
    for key in ("Get the app now", "app", "the app now, again", "absent"):
        expected = tree.xpath("//body//*[contains(normalize-space(.), $key)]", key=key)
        assert _holding(tree, key) == expected
    assert len(_holding(tree, "Get the app now")) == 8  # (case counts: not the link)
