"""The structural steps of the cleaner, registered as the TOML rules are.

Each step has an id (the ``rule`` of its removals), a kind (``cleaners/kinds.py``; None when
it takes the kind of the notice it goes with), a note saying what it removes and why that
is not the article, and examples: block sequences it must remove from, and ones where it
must remove nothing. ``tests/test_structure.py`` runs every step on its examples.

An example's blocks are written one a line, ``tag: text``: ``p``, ``h1`` to ``h6``
(headings), ``li`` (consecutive items form one list), ``card`` (a teaser card: a link that
wraps a block), ``box`` (consecutive box lines are paragraphs of one ``<div>``: a notice's
box); ``[text]`` is a link to another page of the site, ``{text}`` one to another site;
``¶1``, ``¶2``, ``¶3`` stand for the article paragraphs of ``ARTICLE``. The page the examples
make (at ``PAGE_URL``) puts the blocks in an ``<article>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import fromstring

from .blocks import Block
from .kinds import KINDS
from .markup import MarkupSignals, read_markup

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, a "
    "project first proposed more than a decade ago and repeatedly delayed by budget cuts.",
    "Supporters said the extension would cut commuting times by a third for some 40,000 "
    "residents, while opponents questioned the cost of the tunnels under the old town.",
    "Construction is due to start next spring and the first trams should run in 2029, the "
    "mayor said, adding that the regional government had agreed to pay half of the bill.",
)
_SPEC = re.compile(r"(p|h[1-6]|li|card|box): (.*)", re.DOTALL)
_LINK = re.compile(r"\[([^\]]+)\]")
_ELSEWHERE = re.compile(r"\{([^}]+)\}")
PAGE_URL = "https://news.example/2026/tram.html"


@dataclass(frozen=True)
class Example:
    """Blocks of one page and what the step removes from them (indexes; empty: nothing)."""

    blocks: tuple[str, ...]
    removed: tuple[int, ...] = ()
    language: str = "en"
    title: str | None = None
    authors: tuple[str, ...] = ()

    def parsed(self) -> tuple[list[Block], MarkupSignals]:
        """The blocks as the cleaner gets them, and the markup of a page holding them."""
        blocks, html, group, boxed = [], [], None, False
        for n, line in enumerate(self.blocks):
            tag, text = _SPEC.fullmatch(line).groups()
            text = ARTICLE[int(text[1]) - 1] if re.fullmatch(r"¶[123]", text) else text
            plain = _ELSEWHERE.sub(r"\1", _LINK.sub(r"\1", text))
            linked = _ELSEWHERE.sub(r'<a href="https://results.example/r">\1</a>',
                                    _LINK.sub(r'<a href="/l">\1</a>', text))
            if tag != "li" and group is not None:
                html.append("</ul>")
                group = None
            if tag == "box" and not boxed:
                html.append("<div>")
            elif tag != "box" and boxed:
                html.append("</div>")
            boxed = tag == "box"
            if tag == "li":
                if group is None:
                    html.append("<ul>")
                    group = n
                blocks.append(Block(plain, "item", group=group))
                html.append(f"<li>{linked}</li>")
            elif tag.startswith("h"):
                blocks.append(Block(plain, "head", level=int(tag[1])))
                html.append(f"<{tag}>{linked}</{tag}>")
            else:
                blocks.append(Block(plain))
                html.append(f'<a href="/c"><div>{plain}</div></a>' if tag == "card"
                            else f"<p>{linked}</p>")
        html += ["</ul>"] if group is not None else []
        html += ["</div>"] if boxed else []
        page = "<html><body><article>" + "".join(html) + "</article></body></html>"
        return blocks, read_markup(fromstring(page), PAGE_URL)


@dataclass(frozen=True)
class Step:
    """One structural step: what it removes, with examples."""

    id: str
    kind: str | None
    note: str
    remove: tuple[Example, ...]
    keep: tuple[Example, ...] = field(default=())


def _steps(*steps: Step) -> dict[str, Step]:
    registry: dict[str, Step] = {}
    for step in steps:
        if step.id in registry:
            raise ValueError(f"structural step {step.id!r} registered twice")
        if step.kind is not None and step.kind not in KINDS:
            raise ValueError(f"structural step {step.id!r}: kind {step.kind!r} is unknown")
        if not step.remove or not step.keep:
            raise ValueError(f"structural step {step.id!r} needs remove and keep examples")
        registry[step.id] = step
    return registry


TAIL = ("p: ¶1", "p: ¶2", "p: ¶3")
STEPS = _steps(
    Step("structure-title", "headline",
         "The headline above the article: the page's title, or above all the text a heading "
         "holding most of the title's words, or the page's <h1>; the record has it as title.",
         remove=(Example(("h2: Tram line to reach the north by 2029", *TAIL), (0,),
                         title="Tram line to reach north by 2029 | City News"),
                 Example(("h1: Council backs the northern extension", *TAIL), (0,))),
         keep=(Example(("p: ¶1", "h1: Council backs the northern extension", "p: ¶2", "p: ¶3")),
               Example(("h2: 12:05 Council opens the debate", *TAIL),
                       title="Tram line to reach the north by 2029"),
               Example(("p: Monday, 22 January 2026: the tram timetable", "h3: The tram timetable",
                        *TAIL), title="Tram timetable"))),
    Step("structure-leading-heading", "headline",
         "A label stacked over the headline before the article (a kicker, a section name): "
         "a short line, not a sentence, with nothing kept nor the headline before it and a "
         "heading after it. "
         "A heading over text labels the text and stays.",
         remove=(Example(("h3: Transport", "h2: Tram line to reach the north", *TAIL), (0,)),),
         keep=(Example(("h3: 12:05 Council opens the debate", *TAIL)),
               Example(("h3: What happens next", *TAIL)),
               Example(("h1: Fire in the hills", "h2: Los Gallardos",
                        "h2: Rescuers are still searching for 23 people", *TAIL),
                       title="Fire in the hills"),
               Example(("h3: Rescuers are still searching for 23 people.",
                        "h2: Fire in the hills", *TAIL)))),
    Step("structure-trailing-heading", "other",
         "Headings after the article's last kept block: they label nothing that is left.",
         remove=(Example((*TAIL, "h2: In pictures", "h3: The northern line"), (3, 4)),),
         keep=(Example((*TAIL, "h2: The bottom line", "p: Worth it, at the right price.")),)),
    Step("structure-byline", "byline",
         "A line naming only the page's authors, perhaps after a by-word and before a place; "
         "a byline, never a teaser, though the names link to the authors' pages. Set by the "
         "markup as one of the article's paragraphs (a child of the element holding the "
         "sentence after it), it is the article's first line.",
         remove=(Example(("p: ¶1", "box: Von Nina Magoley", "box: 22 January 2026", "p: ¶2",
                          "p: ¶3"), (1,), authors=("Nina Magoley",)),
                 Example(("box: [Staff Reports]", "box: 22 January 2026", *TAIL), (0,),
                         authors=("Staff Reports",))),
         keep=(Example(("p: ¶1", "p: Nina Magoley reported it first", "p: ¶2", "p: ¶3"),
                       authors=("Nina Magoley",)),
               Example(("p: [Staff Reports]", "p: Police arrested six people on Monday at a "
                        "house in the old town.", "p: ¶2", "p: ¶3"),
                       authors=("Staff Reports",)))),
    Step("structure-author-bio", "author-bio",
         "After the article's paragraphs, a paragraph no longer than a notice that opens with "
         "an author's full name and a word in lower case: a line about the author ('Jordan "
         "Ellis writes about transit'). Between the paragraphs, or under another name, it is "
         "the story's.",
         remove=(Example((*TAIL, "p: Nina Magoley writes about transport and the city. Before "
                                 "City News she covered the council for eight years."), (3,),
                         authors=("Nina Magoley",)),),
         keep=(Example(("p: ¶1", "p: Nina Magoley writes about transport and the city. Before "
                                 "City News she covered the council for eight years.", "p: ¶2",
                        "p: ¶3"), authors=("Nina Magoley",)),
               Example((*TAIL, "p: Lena Bergström chairs the transport committee and voted "
                               "against the tunnels."), authors=("Nina Magoley",)),
               Example((*TAIL, "p: Nina Magoley, who chairs the committee, voted against."),
                       authors=("Nina Magoley",)),
               Example((*TAIL, "p: Nina Magoley Hall, the council's new chamber, opens to the "
                               "public in May."), authors=("Nina Magoley",)))),
    Step("structure-link", "related",
         "A block that is a link by the markup (inside a teaser card, or lines each mostly one "
         "link) before or after the article, or a card or menu inside it, or between its "
         "paragraphs a line, no sentence, that is one link to another page of the site (a "
         "teaser's headline). A sentence holding links is prose; a line alone linking to "
         "another site is a source the article cites; a linked heading under the headline "
         "that repeats the words of the headings over it is the story's own (its live blog); "
         "a linked button naming a notice concept is left to the notice step (its box goes "
         "whole).",
         remove=(Example((*TAIL, "p: [Tram tunnel contract goes to a Dutch builder]"), (3,)),
                 Example(("p: ¶1", "card: Ferry strike enters its third day, unions say", "p: ¶2",
                          "p: ¶3"), (1,)),
                 Example(("p: ¶1", "p: [MAYOR REJECTS THE OPPOSITION'S TRAM PLAN]", "p: ¶2",
                          "p: ¶3"), (1,)),
                 Example((*TAIL, "p: {Headset review: my new go-to for the commute}",
                          "p: {Espresso machine review: coffee on the tram}",
                          "p: {Power station review: charge nine devices}"), (3, 4, 5)),
                 Example(("h1: Fire in the hills of Almería", "h2: Rescuers search for 23 people",
                          "h2: [Mother held for locking her daughter in a drawer]", *TAIL),
                         (2,))),
         keep=(Example((*TAIL, "p: She was [re-elected in 2021] and [chairs the transport "
                                "committee].")),
               Example(("p: {Click for the full council vote results}", *TAIL)),
               Example(("p: ¶1", "p: [Subscribe to the morning briefing]", "p: ¶2", "p: ¶3")),
               Example(("p: [Staff Reports]", "p: Police arrested six people on Monday at a "
                        "house in the old town.", "p: ¶2", "p: ¶3"),
                       authors=("Staff Reports",)),
               Example(("h1: Fire in the hills of Almería", "h2: Rescuers search for 23 people",
                        "h2: [Fire in the hills of Almería, live]", *TAIL)))),
    Step("structure-link-list", "related",
         "A list whose items are all links, or from three items all mostly a link after a "
         "kicker, or all opening with a linked headline (from two items after the article): "
         "a rail of other articles.",
         remove=(Example(("p: ¶1", "li: [Mayor rejects the opposition's tram plan]",
                          "li: [How the tunnel contract was awarded]", "p: ¶2", "p: ¶3"),
                         (1, 2)),
                 Example((*TAIL, "li: [Ferry strike enters its third day] Unions and the "
                                 "operator met again on Monday without an agreement.",
                          "li: [Bridge closed for repairs until May] Buses replace the trams "
                          "on the river line for the whole of the spring."),
                         (3, 4))),
         keep=(Example(("p: ¶1", "li: Chair: [Maria Lopez]", "li: Treasurer: [Samuel Okafor]",
                        "li: Transport: [Lena Bergström]", "p: ¶2", "p: ¶3")),
               Example(("p: ¶1", "li: [The council's tram study] sets out the costs.",
                        "li: [The regional budget for 2027] pays half of them.", "p: ¶2",
                        "p: ¶3")))),
    Step("structure-rail", "related",
         "A rail under a heading a 'related' rule names ('More from City News'), to the end of "
         "the page: teasers that each open with a link, never three paragraphs in a row.",
         remove=(Example((*TAIL, "h2: More from City News",
                          "h3: [Ferry strike enters its third day]", "p: Unions met again.",
                          "h3: [Bridge closed for repairs until May]", "p: Buses replace trams.",
                          "h3: [Council elects a new deputy mayor]", "p: The vote was close."),
                         (3, 4, 5, 6, 7, 8, 9)),),
         keep=(Example((*TAIL, "h2: Recommended Videos", "h3: Lantern Keeper",
                        "p: A calm puzzle game.", "h3: Iron Orchard", "p: Brutal boss fights.",
                        "h3: Tidewater", "p: Slow and gorgeous.")),)),
    Step("language-foreign-notice", None,
         "In a tail holding a notice that runs over paragraphs (a wall, a device-sharing "
         "notice), a block surely in another language than the article is more of it, and "
         "takes its kind (the Spanish lines of El País's notice under an English article). "
         "Not without such a notice, and not inside the article (a quotation).",
         remove=(Example((*TAIL, "p: Tu suscripción se está usando en otro dispositivo",
                          "p: Lo sentimos mucho, esperamos verte de nuevo por aquí muy pronto, "
                          "gracias por leernos."), (4,)),),
         keep=(Example((*TAIL, "p: Lo sentimos mucho, esperamos verte de nuevo por aquí muy "
                        "pronto, gracias por leernos.")),
               Example(("p: ¶1", "p: «Lo sentimos mucho, esperamos verte de nuevo por aquí muy "
                        "pronto», dijo el alcalde en español.", "p: ¶2", "p: ¶3",
                        "p: Tu suscripción se está usando en otro dispositivo")))),
    Step("structure-between-notices", None,
         "A short line between two notices before or after the article goes with them, and "
         "takes the first one's kind ('Why am I seeing this?'); between notices of two kinds, "
         "only when neither was removed by structure alone.",
         remove=(Example((*TAIL, "p: Tu suscripción se está usando en otro dispositivo",
                          "p: ¿Por qué?",
                          "p: ¿Quieres añadir otro usuario a tu suscripción?"), (4,)),
                 Example((*TAIL, "p: Tu suscripción se está usando en otro dispositivo",
                          "p: Leer aquí",
                          "p: Copyright © 2026 City News. All rights reserved."), (4,))),
         keep=(Example((*TAIL, "p: Tu suscripción se está usando en otro dispositivo",
                        "p: ¿Por qué?")),
               Example((*TAIL, "p: Tu suscripción se está usando en otro dispositivo",
                        "p: Leer aquí", "p: [Tram tunnel contract goes to a Dutch builder]")))),
    Step("notice-concepts", None,
         "A block no rule names that names notice concepts (the lexicon: subscribe, account, "
         "device, password...) with more evidence: an offer's shape, a place before or after "
         "the article, a link, bold or container the page marks, the same lines repeated, "
         "another language than the article's, or a wall of short lines that together name "
         "several concepts; in the article's own language only from a box of its own or "
         "speaking to the reader (cleaners/notices.py). Takes the kind its concepts name.",
         remove=(Example((*TAIL, "p: Tu cuenta está abierta ahora mismo en otro dispositivo.",
                          "p: Si no eres tú, cambia tu contraseña."), (3, 4)),),
         keep=(Example((*TAIL, "p: Netflix said subscribers who share a password will pay "
                                "more from May.")),)),
    Step("notice-unit", None,
         "The rest of a notice's box: the page element around a notice that holds no article "
         "paragraph goes whole (a wall's heading with its offer and login line), with the "
         "notice's kind.",
         remove=(Example((*TAIL, "box: Pokračujte ve čtení",
                          "box: Předplatné Plus: první měsíc za 1 Kč, zrušit můžete kdykoli.",
                          "box: Už jste předplatitel? Přihlaste se."), (3,)),),
         keep=(Example((*TAIL, "p: Pokračujte ve čtení",
                        "p: Předplatné Plus: první měsíc za 1 Kč, zrušit můžete kdykoli.")),)),
    Step("structure-label-of-removed", None,
         "A heading whose whole section was removed labels it, and takes its kind; not over a "
         "credit or a dateline alone (a picture's section).",
         remove=(Example(("p: ¶1", "h3: More exclusive reporting, for you",
                          "li: [Mayor rejects the opposition's tram plan]",
                          "li: [How the tunnel contract was awarded]", "h3: Costs", "p: ¶2",
                          "p: ¶3"), (1,)),),
         keep=(Example(("p: ¶1", "h3: The old town from above", "p: Photo: AFP", "h3: Costs",
                        "p: ¶2", "p: ¶3")),)),
)
