import pytest

from cleaners.language import article_language, detect, normalise_code

SPANISH = "El Gobierno aprobó este martes un plan de emergencia para llevar agua a los pueblos."


def test_detection_is_seeded_so_the_same_text_gets_the_same_answer():
    answers = {detect(SPANISH) for _ in range(5)}
    assert len(answers) == 1
    assert answers.pop()[0] == "es"


def test_codes_are_normalised_to_iso_639_1():
    assert normalise_code("zh-CN") == "zh"
    assert normalise_code("zh-tw") == "zh"
    assert normalise_code("en_US") == "en"
    assert normalise_code("nb") == "no"
    assert normalise_code("x") is None
    assert normalise_code(None) is None


def test_chinese_is_reported_as_zh():
    text = "国务院常务会议周三决定，在全国范围内推广新的医疗保险结算办法，以减轻患者负担。"
    assert article_language([text]) == "zh"


def test_page_language_is_used_when_the_text_cannot_tell():
    assert article_language(["OK"], hint="de-DE") == "de"
    assert article_language(["OK"]) is None


def test_one_long_quotation_in_another_language_does_not_decide():
    english = ["The minister said on Tuesday that the plan would be presented to parliament "
               "before the summer recess, and that funding had been secured.",
               "Opposition parties criticised the timing and asked for an independent review of "
               "the costs before any vote takes place in the chamber."]
    quote = ("Pendant que le front s'effondre, un véritable incendie intérieur se déclare dans "
             "les coulisses du pouvoir, et les proches du président multiplient les réunions "
             "de crise pour tenter de sauver ce qui peut encore l'être dans la capitale.")
    assert article_language([quote, *english]) == "en"


def test_blank_padding_does_not_hide_the_text():
    assert article_language([" " * 500 + "\n" * 20 + "Der Bundestag hat am Donnerstag ein neues "
                             "Gesetz zur Förderung der Windkraft beschlossen."]) == "de"


def test_a_configured_language_decides_only_when_the_text_cannot():
    from cleaners import clean_page

    scores = " ".join(f"{a}:{b} ({m}.)" for a, b, m in [(1, 0, 12), (2, 0, 34), (2, 1, 56)] * 6)
    results = f"<html><body><article><p>{scores}</p><p>{scores}</p></article></body></html>"
    german = ("<html><body><article><p>Der Bundestag hat am Donnerstag ein neues Gesetz zur "
              "Förderung der Windkraft beschlossen, das ab dem kommenden Jahr gilt.</p>"
              "</article></body></html>")
    assert clean_page(results).language is None
    assert clean_page(results, language_hint="de").language == "de"
    assert clean_page(german, language_hint="fr").language == "de"


ZULU = ("Umongameli uthe uhulumeni uzoqhubeka nokusiza abantu abahlala ezindaweni "
        "zasemakhaya ngoba isimo sinzima kakhulu kulezi zinsuku, kusho umkhulumeli.")
SWAHILI = ("Rais amesema serikali itaendelea kuwasaidia wananchi wanaoishi vijijini kwa sababu "
           "hali ni ngumu sana katika siku hizi, na kwamba mpango huo utaanza mwezi ujao.")
ICELANDIC = ("Ríkisstjórnin kynnti í dag nýja áætlun um uppbyggingu húsnæðis á "
             "höfuðborgarsvæðinu, og á fyrsta áfanginn að hefjast í vor.")


def test_a_declared_language_that_langdetect_lacks_stands():
    assert article_language([ICELANDIC], hint="is") == "is"
    assert article_language([ZULU], hint="zu-ZA") == "zu"
    assert article_language([ICELANDIC], hint="nb") != "nb"  # a known code: detection decides


def test_a_language_langdetect_lacks_is_null_rather_than_a_confident_wrong_code():
    assert detect(ZULU)[0] == "sw"  # what langdetect alone says, with certainty
    assert article_language([ZULU]) is None
    assert article_language([ZULU], hint="en") is None
    assert article_language([SWAHILI]) == "sw"
    assert article_language([SWAHILI], hint="en") == "sw"


# Languages langdetect lacks, each taken with certainty for a neighbour it has.
LACKED = {
    "eu": ["Eusko Jaurlaritzak etxebizitza berriak eraikitzeko plan bat aurkeztu du gaur, "
           "hiriburuetan eta herri handietan datozen bost urteetan.",
           "Lehendakariak prentsaurrekoan esan du helburua dela gazteek etxebizitza prezio "
           "onargarrian erosi ahal izatea ahalik eta lasterren."],
    "sr": ["Влада Србије данас је представила нови план изградње станова у Београду и другим "
           "великим градовима у наредних пет година.",
           "Премијер је на конференцији за новинаре рекао да је циљ да млади могу да купе стан "
           "по приступачној цени што пре."],
    "is": [ICELANDIC, "Forsætisráðherra sagði á blaðamannafundi að markmiðið væri að byggja að "
           "minnsta kosti fjögur þúsund íbúðir á ári."],
}
# Their neighbours, which the cheap test must not veto.
NEIGHBOURS = {
    "id": ["Pemerintah hari ini mengumumkan rencana baru untuk membangun rumah yang terjangkau "
           "di ibu kota dan kota-kota besar lainnya dalam lima tahun ke depan.",
           "Presiden mengatakan dalam konferensi pers bahwa tujuan utamanya adalah agar "
           "generasi muda dapat membeli rumah dengan harga yang wajar."],
    "mk": ["Владата денеска претстави нов план за изградба на станови во Скопје и во другите "
           "поголеми градови во наредните пет години.",
           "Премиерот на прес-конференција изјави дека целта е младите да можат да купат стан "
           "по пристапна цена што е можно побрзо."],
    "no": ["Regjeringen la i dag fram en ny plan for å bygge flere boliger i hovedstaden og de "
           "store byene de neste fem årene.",
           "Statsministeren sa på en pressekonferanse at målet er at unge skal kunne kjøpe bolig "
           "til en rimelig pris så raskt som mulig."],
}


@pytest.mark.parametrize("code", LACKED)
def test_a_lacked_language_the_cheap_test_finds_is_null_not_langdetects_neighbour(code):
    paragraphs = LACKED[code]
    assert detect(" ".join(paragraphs))[0] in NEIGHBOURS  # langdetect alone: a wrong code
    assert article_language(paragraphs) is None
    assert article_language(paragraphs, hint="en") is None
    assert article_language(paragraphs, hint=code) == code


@pytest.mark.parametrize("code", NEIGHBOURS)
def test_the_neighbours_keep_their_codes(code):
    assert article_language(NEIGHBOURS[code]) == code
    assert article_language(NEIGHBOURS[code], hint="en") == code


GERMAN = ("Der Bundestag hat am Donnerstag ein neues Gesetz zur Förderung der Windkraft "
          "beschlossen, das ab dem kommenden Jahr für alle Länder gilt.")


def test_langdetect_runs_only_when_the_cheap_test_does_not_confirm_the_declared_language(
        monkeypatch):
    import cleaners.language as language

    calls: list[str] = []

    def counted(text, options=language.DEFAULT):
        calls.append(text)
        return detect(text, options)

    monkeypatch.setattr(language, "detect", counted)
    assert article_language([GERMAN], hint="de-DE") == "de"
    assert calls == []  # script and stop words agree with the page: no langdetect
    assert article_language([GERMAN], hint="fr") == "de"  # they do not: langdetect decides
    assert len(calls) == 1


HUNGARIAN = [
    "A fővárosi fürdőtársaság közölte, hogy az uszoda felújítása a tervezettnél gyorsabban "
    "halad, így a medencék már áprilisban újra megnyílhatnak.",
    "A társaság szerint a jegyárak nem emelkednek, a bérletek pedig a zárva tartás idejével "
    "meghosszabbodnak.",
]
LONG_NOTICE = [
    "Your membership is open on a second screen at the moment. Since only one person can read "
    "on it at a time, we stopped the session there and will sign that device out.",
    "Want the whole family to read? Switch to the Family option and add three more people "
    "with their own account, with the first month at no cost to you.",
]


def test_a_declared_language_its_paragraphs_are_in_stands_beside_a_longer_notice():
    """The longest paragraphs are a notice in English; the page says, and the article is,
    Hungarian."""
    assert article_language(HUNGARIAN + LONG_NOTICE) == "en"  # the longest lines decide
    assert article_language(HUNGARIAN + LONG_NOTICE, hint="hu") == "hu"
    # a template's declaration, in no paragraph: detection decides
    assert article_language(HUNGARIAN + LONG_NOTICE, hint="de") == "en"
