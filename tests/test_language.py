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
    assert article_language(["国务院常务会议周三决定，在全国范围内推广新的医疗保险结算办法，以减轻患者负担。"]) == "zh"


def test_page_language_is_used_when_the_text_cannot_tell():
    assert article_language(["OK"], hint="de-DE") == "de"
    assert article_language(["OK"]) is None
