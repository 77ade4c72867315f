"""bench.frozen counts what it says: paragraphs kept, notices removed, losses to the cleaner."""

from __future__ import annotations

from bench.frozen import figures, half, notice_languages, score

PAGE = {"id": "p", "lang": "en", "publisher": "agency-wire", "hard_negative": False,
        "paragraphs": ["The council voted on  Tuesday.", "Work starts in May."],
        "notices": ["Subscribe for $1 a week", "Log in"]}


def test_halves_follow_the_shared_definition():
    assert half("agency-wire") == "A"
    assert half("broadsheet-article") == "B"


def test_score_normalises_whitespace_and_case():
    outcome = score(PAGE, "the council voted on tuesday.\n\nLOG IN")
    assert outcome.kept == [True, False]
    assert outcome.removed == [True, False]


def test_figures_count_leaks_and_pages_losing_paragraphs_to_the_cleaner():
    page = {**PAGE, "notice_classes": ["own", "own"]}
    full = "The council voted on Tuesday. Work starts in May. Subscribe for $1 a week"
    outcomes = {"newsscrape": {"p": score(page, "Work starts in May.")},
                "trafilatura": {"p": score(page, full)}}
    result = figures([page], outcomes)
    ours, base = result["newsscrape"], result["trafilatura"]
    assert (ours["paragraphs_kept"], ours["notices_removed"]) == (0.5, 1.0)
    assert ours["pages_leaking"] == 0
    assert ours["pages_fewer_paragraphs_than_trafilatura"] == 1
    assert (base["paragraphs_kept"], base["notices_removed"]) == (1.0, 0.5)
    assert base["pages_leaking"] == 1
    assert base["pages_fewer_paragraphs_than_trafilatura"] == 0


def test_short_notice_lines_take_the_language_of_their_unit():
    page = {"lang": "en", "notices": [
        "Alguien más está leyendo con tu cuenta en otro aparato ahora mismo.", "Seguir aquí",
        "Get our weekly newsletter with the best stories from the newsroom"]}
    assert notice_languages(page) == ["other", "other", "own"]


def test_figures_score_every_variant_the_run_holds():
    """The halves' variants (only the other half's additions, none) are scored like ours."""
    page = {**PAGE, "notice_classes": ["own", "own"]}
    full = "The council voted on Tuesday. Work starts in May. Subscribe for $1 a week"
    kept = "The council voted on Tuesday. Work starts in May."
    outcomes = {"newsscrape": {"p": score(page, kept)},
                "trafilatura": {"p": score(page, full)},
                "other-half additions": {"p": score(page, full)}}
    result = figures([page], outcomes)
    assert result["other-half additions"]["notices_removed"] == 0.5
    assert result["other-half additions"]["pages_leaking"] == 1
    assert result["newsscrape"]["pages_leaking"] == 0


def test_own_set_halves_ask_only_about_that_sets_additions(monkeypatch):
    """``--own-set-additions devset``: the additions tuned on aeb or fundus-dev pages are
    never looked up (nor left out), so a half runs with every one of them."""
    from bench import frozen

    asked: list[str] = []

    def where(page: str) -> str:
        asked.append(page)
        return "A"
    monkeypatch.setattr(frozen, "seen_in_half", lambda root: where)
    html = ("<html><body><article><p>The council voted on Tuesday to close two branch "
            "libraries in the north of the city next spring.</p></article></body></html>")
    page = {**PAGE, "html": html.encode(), "url": "https://example.com/a"}
    outcomes = frozen.run([page], variants=True, own_set="devset")
    assert "other-half additions" in outcomes
    assert asked and all(p.startswith("devset:") for p in asked)
