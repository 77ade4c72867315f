"""A sentence reporting advice is the article's, though it orders and names a notice concept.

Hard negatives in five languages: an article about fake banking apps with two short pieces of
advice the police and the bank give, between the paragraphs, set in bold, or closing the
article. Every paragraph stays.
"""

from __future__ import annotations

import pytest

from cleaners import clean_page
from cleaners.normalise import normalise
from cleaners.reported import reports_speech

SCAMS = {
    "en": ('Fake banking apps are spreading', [
        'Police in the region have received more than 300 reports this year of fake banking '
         'apps that copy the look of real ones and steal the login details of the people who '
         'install them.',
        'Most victims were sent a text message claiming their account had been blocked, with '
         "a link to a copy of the bank's website that offered the app for download.",
        'Download the app from the official store only, police advise.',
        'Officers said the gang behind the largest wave had been traced to a call centre '
         'abroad, and that two suspects had been arrested at the airport last week.',
        'Never share your password with anyone, the bank said.',
        'The bank said it would refund every customer who lost money, and that it was working'
         ' with the stores to take the copies down within hours of their appearance.',
    ]),
    "es": ('Las aplicaciones bancarias falsas se multiplican', [
        'La policía de la región ha recibido este año más de 300 denuncias por aplicaciones '
         'bancarias falsas que imitan a las reales y roban los datos de acceso de quienes las '
         'instalan.',
        'La mayoría de las víctimas recibió un mensaje de texto que aseguraba que su cuenta '
         'había sido bloqueada, con un enlace a una copia de la web del banco que ofrecía la '
         'aplicación.',
        'Descargue la aplicación solo desde la tienda oficial, aconseja la policía.',
        'Los agentes explicaron que la banda responsable de la mayor oleada operaba desde un '
         'centro de llamadas en el extranjero y que dos sospechosos fueron detenidos la semana'
         ' pasada en el aeropuerto.',
        'No comparta nunca su contraseña con nadie, recuerda el banco.',
        'El banco afirmó que devolverá el dinero a todos los clientes afectados y que trabaja'
         ' con las tiendas para retirar las copias pocas horas después de que aparezcan.',
    ]),
    "de": ('Gefälschte Banking-Apps breiten sich aus', [
        'Die Polizei in der Region hat in diesem Jahr mehr als 300 Anzeigen wegen gefälschter'
         ' Banking-Apps erhalten, die echte Apps nachahmen und die Zugangsdaten der Nutzer '
         'stehlen.',
        'Die meisten Opfer bekamen eine SMS, ihr Konto sei gesperrt worden, mit einem Link zu'
         ' einer Kopie der Website der Bank, auf der die App zum Herunterladen angeboten '
         'wurde.',
        'Laden Sie die App nur aus dem offiziellen Store herunter, rät die Polizei.',
        'Die Bande hinter der größten Welle wurde nach Angaben der Ermittler zu einem '
         'Callcenter im Ausland zurückverfolgt, zwei Verdächtige wurden vergangene Woche am '
         'Flughafen festgenommen.',
        'Geben Sie Ihr Passwort niemals weiter, mahnt die Bank.',
        'Die Bank kündigte an, allen Kunden den Schaden zu ersetzen, und arbeite mit den '
         'Stores daran, die Kopien innerhalb weniger Stunden nach ihrem Auftauchen zu '
         'entfernen.',
    ]),
    "fr": ('Les fausses applications bancaires se multiplient', [
        'La police de la région a reçu cette année plus de 300 plaintes concernant de fausses'
         ' applications bancaires qui imitent les vraies et volent les identifiants de ceux '
         'qui les installent.',
        'La plupart des victimes avaient reçu un SMS affirmant que leur compte avait été '
         'bloqué, avec un lien vers une copie du site de la banque qui proposait de '
         "télécharger l'application.",
        "Téléchargez l'application uniquement depuis la boutique officielle, conseille la "
         'police.',
        "Selon les enquêteurs, le réseau à l'origine de la plus grande vague opérait depuis "
         "un centre d'appels à l'étranger, et deux suspects ont été interpellés la semaine "
         "dernière à l'aéroport.",
        'Ne communiquez jamais votre mot de passe, rappelle la banque.',
        'La banque a promis de rembourser tous les clients lésés et travaille avec les '
         'boutiques pour faire retirer les copies quelques heures après leur apparition.',
    ]),
    "it": ('Si moltiplicano le false app bancarie', [
        "La polizia della regione ha ricevuto quest'anno più di 300 denunce per false app "
         'bancarie che imitano quelle vere e rubano le credenziali di accesso di chi le '
         'installa.',
        'La maggior parte delle vittime aveva ricevuto un SMS secondo cui il conto era stato '
         "bloccato, con un link a una copia del sito della banca che offriva l'app da "
         'scaricare.',
        "Scaricate l'app solo dallo store ufficiale, consiglia la polizia.",
        "Secondo gli investigatori la banda dietro l'ondata più grande operava da un call "
         "center all'estero, e due sospettati sono stati arrestati la settimana scorsa "
         "all'aeroporto.",
        'Non condividete mai la vostra password, ricorda la banca.',
        'La banca ha promesso di rimborsare tutti i clienti colpiti e lavora con gli store '
         'per far rimuovere le copie poche ore dopo la loro comparsa.',
    ]),
}
ADVICE = (2, 4)  # the indexes of the two pieces of advice
URL = "https://news.example/2026/scam.html"


def page(lang: str, title: str, paragraphs: list[str]) -> str:
    """A news page: header and menu, the article's paragraphs, a footer."""
    return (f"<html lang='{lang}'><head><title>{title} | City News</title></head><body>"
            "<header><a href='/'>City News</a><nav><a href='/n'>News</a><a href='/s'>Sport</a>"
            f"</nav></header><main><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></main><footer><p>City News</p></footer></body></html>")


def lost(lang: str, title: str, markup: list[str], paragraphs: list[str]) -> list[str]:
    """The paragraphs the cleaned page lacks."""
    article = clean_page(page(lang, title, markup), URL)
    text = normalise(article.text)
    return [p for p in paragraphs if normalise(p) not in text]


@pytest.mark.parametrize("lang", sorted(SCAMS))
def test_advice_between_the_paragraphs_stays(lang):
    title, paragraphs = SCAMS[lang]
    assert lost(lang, title, paragraphs, paragraphs) == []


@pytest.mark.parametrize("lang", sorted(SCAMS))
def test_advice_set_in_bold_between_the_paragraphs_stays(lang):
    title, paragraphs = SCAMS[lang]
    bold = [f"<strong>{p}</strong>" if n in ADVICE else p for n, p in enumerate(paragraphs)]
    assert lost(lang, title, bold, paragraphs) == []


@pytest.mark.parametrize("lang", sorted(SCAMS))
def test_advice_closing_the_article_stays(lang):
    title, paragraphs = SCAMS[lang]
    ending = [p for n, p in enumerate(paragraphs) if n not in ADVICE] + [
        paragraphs[n] for n in ADVICE]
    assert lost(lang, title, ending, paragraphs) == []


def test_a_sentence_reports_speech_when_its_last_short_clause_attributes_it():
    for text, lang in [("Download the app from the official store only, police advise.", "en"),
                       ("Never share your password, according to the bank.", "en"),
                       ("Laden Sie die App nur aus dem offiziellen Store herunter, rät die "
                        "Polizei.", "de"),
                       ("Ne communiquez jamais votre mot de passe — rappelle la banque.", "fr")]:
        assert reports_speech(text, lang), text
    for text, lang in [("Download our app from the official store.", "en"),
                       ("Download our free app, we advise.", "en"),  # the page's own voice
                       ("Police advise: download the app from the official store only.", "en"),
                       ("Download the app, then sign in with the code the police said they "
                        "had sent to every customer by text message.", "en"),
                       ("Download the app from the official store only, police advise.", "sv"),
                       ("Download the app from the official store only, police advise.", None),
                       ("Download the app now.\nPolice advise it.", "en")]:
        assert not reports_speech(text, lang), text
