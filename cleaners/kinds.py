"""The kinds of removal, what each means, and how the cleaner treats it: the one table.

Every removal (a TOML rule's, a structural step's, a language step's) names one of these
kinds; the record's ``removed[].kind`` is one of them (``scraper/schema`` lists the same
names, and a test checks that it does).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of text that is not the article.

    ``multi_block``: such a notice often runs over several paragraphs (the blocks in another
    language beside it are more of it); ``labelled``: a heading over a section made only of
    it is its label, and goes with it; ``truncates``: it says the page shows this reader
    only part of the article; ``credit``: a line crediting the article (a short item may
    come as one block with it, and keeps its prose); ``wall``: the error a page gets when only
    such text is left; ``notice``: it is a notice to the reader, not the page's own furniture
    around the article (a headline, a byline).
    """

    name: str
    meaning: str
    multi_block: bool = False
    labelled: bool = True
    truncates: bool = False
    credit: bool = False
    wall: str | None = None
    notice: bool = True


TABLE: dict[str, Kind] = {k.name: k for k in (
    Kind("paywall", "the article is cut for this reader, with an offer to read on",
         multi_block=True, truncates=True, wall="login_wall"),
    Kind("subscription", "an offer to subscribe, or a subscriber's account notice",
         multi_block=True, wall="login_wall"),
    Kind("device-sharing", "the account is being used on another device",
         multi_block=True, wall="login_wall"),
    Kind("newsletter", "a newsletter sign-up and its consent lines", multi_block=True),
    Kind("related", "other articles: rails, teasers, read-also lines, link lists"),
    Kind("tags-label", "tags, topics and their labels ('Archived In')"),
    Kind("photo-credit", "a picture's credit or an agency's", labelled=False, credit=True),
    Kind("author-bio", "a line about the author, after the article"),
    Kind("cookie", "a cookie or consent notice, a consent placeholder",
         multi_block=True, wall="consent_wall"),
    Kind("app-promo", "an invitation to install an app or join a channel", multi_block=True),
    Kind("social", "follow and share prompts"),
    Kind("copyright", "a copyright or reproduction notice", credit=True),
    Kind("headline", "the headline (the record has it as title) and labels stacked over it",
         labelled=False, notice=False),
    Kind("byline", "who wrote or reported the article, where and when: a byline, a dateline, "
         "a reporting credit", labelled=False, notice=False),
    Kind("other", "other page furniture: a heading over nothing, a reading time, an ad label",
         labelled=False, notice=False),
)}
KINDS = frozenset(TABLE)
MULTI_BLOCK = frozenset(k.name for k in TABLE.values() if k.multi_block)
UNLABELLED = frozenset(k.name for k in TABLE.values() if not k.labelled)
CREDITS = frozenset(k.name for k in TABLE.values() if k.credit)
TRUNCATING = frozenset(k.name for k in TABLE.values() if k.truncates)
FURNITURE = frozenset(k.name for k in TABLE.values() if not k.notice)
WALLS = {k.name: k.wall for k in TABLE.values() if k.wall}
