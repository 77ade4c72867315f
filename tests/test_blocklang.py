"""block_language tells a short block's language by script and stop words, or says None."""

from __future__ import annotations

import pytest

from cleaners.blocklang import MIN_WORDS, block_language, load_stopwords, script_of

# Sentences written for these tests (news-like, not taken from any evaluation set).
SENTENCES = {
    "en": "The city council said on Tuesday that the new bridge would open in the spring.",
    "es": "El ayuntamiento anunció el martes que el nuevo puente se abrirá en primavera.",
    "pt": "A prefeitura anunciou na terça-feira que a nova ponte será aberta na primavera.",
    "fr": "La mairie a annoncé mardi que le nouveau pont ouvrira au printemps prochain.",
    "de": "Die Stadt teilte am Dienstag mit, dass die neue Brücke im Frühjahr eröffnet wird.",
    "it": "Il comune ha annunciato martedì che il nuovo ponte sarà aperto in primavera.",
    "nl": "De gemeente heeft dinsdag gezegd dat de nieuwe brug in het voorjaar opengaat.",
    "ca": "L'ajuntament va anunciar dimarts que el nou pont s'obrirà a la primavera.",
    "pl": "Władze miasta poinformowały we wtorek, że nowy most zostanie otwarty wiosną.",
    "sv": "Kommunen meddelade i tisdags att den nya bron ska öppnas till våren.",
    "tr": "Belediye salı günü yeni köprünün ilkbaharda açılacağını ve bunun iyi olduğunu açıkladı.",
    "cs": "Radnice v úterý oznámila, že nový most bude otevřen na jaře a že to bude brzy.",
    "hu": "A város vezetése kedden bejelentette, hogy az új hidat tavasszal adják át.",
    "ro": "Primăria a anunțat marți că noul pod va fi deschis în primăvară și că este gata.",
    "fi": "Kaupunki kertoi tiistaina, että uusi silta avataan keväällä ja että se on valmis.",
    "id": "Pemerintah kota mengatakan pada hari Selasa bahwa jembatan baru akan dibuka tahun ini.",
    "vi": "Chính quyền thành phố cho biết cây cầu mới sẽ được mở vào mùa xuân năm nay.",
    "ru": "Мэрия во вторник сообщила, что новый мост откроют весной, и это уже решено.",
    "uk": "Міська рада у вівторок повідомила, що новий міст відкриють навесні, і це вже вирішено.",
    "bg": "Общината съобщи във вторник, че новият мост ще бъде открит през пролетта.",
    "el": "Ο δήμος ανακοίνωσε την Τρίτη ότι η νέα γέφυρα θα ανοίξει την άνοιξη.",
    "he": "העירייה הודיעה ביום שלישי כי הגשר החדש ייפתח באביב.",
    "ar": "أعلنت البلدية يوم الثلاثاء أن الجسر الجديد سيفتح في الربيع.",
    "fa": "شهرداری روز سه‌شنبه اعلام کرد که پل جدید در بهار باز می‌شود و این کار تمام است.",
    "hi": "नगर निगम ने मंगलवार को कहा कि नया पुल वसंत में खोला जाएगा और यह काम पूरा है।",
    "th": "เทศบาลประกาศเมื่อวันอังคารว่าสะพานใหม่จะเปิดในฤดูใบไม้ผลิ",
    "ko": "시의회는 화요일 새 다리가 봄에 개통될 것이라고 밝혔다.",
    "ja": "市は火曜日、新しい橋が春に開通すると発表した。",
    "zh": "市政府周二宣布，新大桥将于明年春天通车。",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_a_sentence_is_told_its_language(lang):
    code, confidence = block_language(SENTENCES[lang])
    assert code == lang
    assert 0 < confidence <= 1


@pytest.mark.parametrize("block", [
    "Read more here",           # Latin, 3 words
    "Добавить пользователя сейчас",  # Cyrillic, 3 words
    "Sign up",
    "",
    "12:45 – 3 – 0",
])
def test_three_words_or_fewer_in_a_shared_script_give_none(block):
    assert block_language(block) == (None, 0.0)


def test_the_romance_and_germanic_neighbours_are_told_apart():
    pairs = {
        "es": "Los vecinos dijeron que no habían visto nada parecido en su vida.",
        "pt": "Os vizinhos disseram que não tinham visto nada parecido na vida.",
        "it": "I vicini hanno detto che non avevano mai visto nulla di simile.",
        "fr": "Les voisins ont dit qu'ils n'avaient jamais rien vu de tel.",
        "nl": "De buren zeiden dat ze nog nooit zoiets hadden gezien.",
        "de": "Die Nachbarn sagten, dass sie so etwas noch nie gesehen hätten.",
        "en": "The neighbours said they had never seen anything like it.",
    }
    assert {lang: block_language(text)[0] for lang, text in pairs.items()} == {
        lang: lang for lang in pairs}


def test_russian_ukrainian_and_bulgarian_are_told_apart():
    assert block_language("Он сказал, что это было не так и что они уже знают.")[0] == "ru"
    assert block_language("Він сказав, що це було не так і що вони вже знають.")[0] == "uk"
    assert block_language("Той каза, че това не е така и че те вече знаят.")[0] == "bg"


def test_a_block_of_mixed_languages_without_a_leader_gives_none():
    assert block_language("de la der die the and und y et")[0] is None


def test_scripts_are_read_from_code_points():
    assert [script_of(c) for c in "aЖαאب अก한かカ漢"] == [
        "Latin", "Cyrillic", "Greek", "Hebrew", "Arabic", None, "Devanagari", "Thai",
        "Hangul", "Kana", "Kana", "Han"]


def test_at_least_40_languages_have_stop_words():
    table = load_stopwords()
    codes = {code for words in table.words.values() for langs in words.values()
             for code in langs}
    assert len(codes) >= 40
    assert MIN_WORDS == 4


@pytest.mark.parametrize("block", [
    "Le maire a dit qu'il fallait attendre, c'est l'avis d'une majorite de la ville.",
    "The well-known mayor said it's the council's plan, and that the bridge opens soon.",
    "De gemeente heeft dinsdag gezegd dat de nieuwe brug in het voorjaar opengaat.",
    "Pemerintah kota mengatakan pada hari Selasa bahwa jembatan baru akan dibuka.",
    "12 -- 3",
])
def test_an_ascii_block_is_told_as_the_same_block_with_a_symbol_that_is_no_letter(block):
    # ASCII text takes a short way (its letters are all Latin); a euro sign, no letter of any
    # script, sends the same words the long way
    assert block_language(block) == block_language(block + " €")
