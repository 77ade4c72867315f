"""Site names are cut from titles; a headline that merely holds a colon or a dash is not."""

from __future__ import annotations

import pytest

from cleaners import clean_page
from cleaners.structure import ARTICLE
from cleaners.titles import cut_site_name, inferred_site_name


def page(title: str, og_title: str | None = None, site_name: str | None = None) -> str:
    head = f"<title>{title}</title>"
    head += f'<meta property="og:title" content="{og_title}">' if og_title else ""
    head += f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    return (f"<html><head>{head}</head><body><article>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE) + "</article></body></html>")


@pytest.mark.parametrize("title, site, headline", [
    ("地震で新幹線が運転見合わせ：朝日新聞デジタル", "朝日新聞デジタル", "地震で新幹線が運転見合わせ"),
    ("서울 집값 다시 올라 - 매일경제", "매일경제", "서울 집값 다시 올라"),
    ("Taxi drivers strike | Eyethu News", "Eyethu News", "Taxi drivers strike"),
    ("Tram line opens｜City Daily", "City Daily", "Tram line opens"),
    ("Tram line opens — City Daily", "City Daily", "Tram line opens"),
    ("Tram line opens – City Daily", "City Daily", "Tram line opens"),
    ("City Daily: Tram line opens", "City Daily", "Tram line opens"),
])
def test_the_declared_site_name_is_cut_after_any_separator(title, site, headline):
    assert clean_page(page(title, site_name=site)).meta.title == headline


@pytest.mark.parametrize("url", [None, "https://www.mk.example/news/1.html",
                                 "http://mk.example:8080/news/1.html"])
def test_an_undeclared_site_name_is_what_the_page_title_adds_to_og_title(url):
    html = page("서울 집값 다시 올라 - 매일경제", og_title="서울 집값 다시 올라")
    article = clean_page(html, url)  # (with a URL, trafilatura names the site by its host)
    assert article.meta.title == "서울 집값 다시 올라"
    assert article.meta.site_name == "매일경제"
    assert inferred_site_name("A headline | Site", "A headline") == "Site"
    assert inferred_site_name("A headline", "A headline | Site") == "Site"


@pytest.mark.parametrize("title, og_title, site", [
    ("Brexit: what happens next", None, "BBC News"),
    ("Brexit: what happens next", "Brexit: what happens next", None),
    ("Covid-19 - the second wave", None, None),
    ("Interview: Jane Doe on the tram line", None, "City Daily"),
])
def test_a_headline_that_merely_holds_a_colon_or_a_dash_stays_whole(title, og_title, site):
    assert clean_page(page(title, og_title=og_title, site_name=site)).meta.title == title
    assert inferred_site_name("Brexit: what happens next", "Brexit") is None


def test_only_a_whole_site_name_is_cut():
    assert cut_site_name("Tram line opens | City Daily News", ["City Daily"]) == \
        "Tram line opens | City Daily News"
    assert cut_site_name("City Daily", ["City Daily"]) == "City Daily"


@pytest.mark.parametrize("title, og_title, headline, site", [
    # trafilatura takes a <title> segment holding a dot for a domain: here the headline
    ("Aarhus får 2.000 nye boliger | Dagbladet Nord", "Aarhus får 2.000 nye boliger",
     "Aarhus får 2.000 nye boliger", "Dagbladet Nord"),
    # a site's name holding a dot, before the headline, stays the site's name
    ("St. Louis Post-Dispatch | Cardinals win opener", "Cardinals win opener",
     "Cardinals win opener", "St. Louis Post-Dispatch"),
    # with no og:title or <h1>, a dotted segment leading <title> may be the site's name or the
    # headline: nothing is cut (a site's name left in beats a headline given as one)
    ("St. Louis Post-Dispatch | Cardinals win opener", None,
     "St. Louis Post-Dispatch | Cardinals win opener", "valley-courier.example"),
    ("Breaking: U.S. inflation hits 3.1% | Daily Star", None,
     "Breaking: U.S. inflation hits 3.1% | Daily Star", "valley-courier.example"),
    ("Pożar w Łodzi. Pierwsze ustalenia strażaków | Dziennik Łódzki", None,
     "Pożar w Łodzi. Pierwsze ustalenia strażaków | Dziennik Łódzki", "valley-courier.example"),
    ("St. Louis Post-Dispatch | Fed raises rate by 0.25 points", None,
     "St. Louis Post-Dispatch | Fed raises rate by 0.25 points", "valley-courier.example"),
    ("Fed raises rate by 0.25 points | St. Louis Post-Dispatch", None,
     "Fed raises rate by 0.25 points | St. Louis Post-Dispatch", "valley-courier.example"),
    ("U.S. stocks fall 2.5% - St. Louis Fed says", None,
     "U.S. stocks fall 2.5% - St. Louis Fed says", "valley-courier.example"),
    # a dotted site's name after the headline, told or not
    ("Cardinals win | St. Louis Post-Dispatch", "Cardinals win", "Cardinals win",
     "St. Louis Post-Dispatch"),
    ("Cardinals win | St. Louis Post-Dispatch", None, "Cardinals win", "St. Louis Post-Dispatch"),
    ("Dow hits record | St. Louis Post-Dispatch", "Dow hits record | St. Louis Post-Dispatch",
     "Dow hits record", "St. Louis Post-Dispatch"),
    # a leading domain is the site's name, declared or not
    ("Courier.example | Smog over the valley again", None,
     "Smog over the valley again", "Courier.example"),
    ("Courier.example | Smog over the valley again", "Courier.example | Smog over the valley again",
     "Smog over the valley again", "Courier.example"),
    # a headline holding a dot, then a domain
    ("Markets fall 2.5% on Fed fears | Example.com", None,
     "Markets fall 2.5% on Fed fears", "Example.com"),
    # a headline written without spaces is no domain either
    ("春运铁路发送旅客5.1亿人次 | 新闻聚合", "春运铁路发送旅客5.1亿人次", "春运铁路发送旅客5.1亿人次",
     "新闻聚合"),
    # nothing else names the site: its host
    ("Smog PM2.5 over the valley again | VC", "Smog PM2.5 over the valley again | VC",
     "Smog PM2.5 over the valley again | VC", "valley-courier.example"),
    # a domain after a dotted headline and a section
    ("Aarhus vinder 2.0 | Sport | Fyens.dk", "Aarhus vinder 2.0", "Aarhus vinder 2.0", "Fyens.dk"),
    ("Aarhus vinder 2.0 | Sport | Fyens.dk", None, "Aarhus vinder 2.0 | Sport", "Fyens.dk"),
    # a phrase in lower case after a dash is the headline's
    ("Диета Аткинса (14 дней) - потеря веса до 10 кг. Отзывы", None,
     "Диета Аткинса (14 дней) - потеря веса до 10 кг. Отзывы", "valley-courier.example"),
])
def test_a_headline_holding_a_dot_is_not_the_site_name(title, og_title, headline, site):
    article = clean_page(page(title, og_title=og_title),
                         "https://www.valley-courier.example/news/smog.html")
    assert (article.meta.title, article.meta.site_name) == (headline, site)


@pytest.mark.parametrize("html, url, headline, site", [
    # a domain declared before the headline stays the site's name
    (page("Tageblatt.lu | Sport | Beleidigen und beschuldigen: Zoff ums Material",
          og_title="Sport | Beleidigen und beschuldigen: Zoff ums Material",
          site_name="Tageblatt.lu"), None,
     "Sport | Beleidigen und beschuldigen: Zoff ums Material", "Tageblatt.lu"),
    # a declared name (application-name) that starts the headline stays
    (page("Al Jazeera journalist injured in Gaza | Al Jazeera").replace(
        "</head>", '<meta name="application-name" content="Al Jazeera"></head>'),
     "https://www.aljazeera.example/news/1.html",
     "Al Jazeera journalist injured in Gaza", "Al Jazeera"),
    # after the <h1> and a section, the last segment names the site
    (page("Tram line opens - Breaking News - City Daily").replace(
        "<article>", "<article><h1>Tram line opens</h1>"),
     "https://www.citydaily.example/a/1.html", "Tram line opens", "City Daily"),
])
def test_the_site_name_read_beside_the_headline(html, url, headline, site):
    article = clean_page(html, url)
    assert (article.meta.title, article.meta.site_name) == (headline, site)


@pytest.mark.parametrize("title, site_name, headline, site", [
    # trafilatura took the declared name for the headline (the <title> segment without a dot)
    ("Reuters | Oil prices rise 2% on supply fears", "Reuters",
     "Oil prices rise 2% on supply fears", "Reuters"),
    ("ارتفاع أسعار النفط بنسبة 2.5% - الجزيرة نت", "الجزيرة نت", "ارتفاع أسعار النفط بنسبة 2.5%",
     "الجزيرة نت"),
    # a short last segment names the site, after a bar with or without spaces
    ("春运铁路发送旅客5.1亿人次｜新华网", None, "春运铁路发送旅客5.1亿人次", "新华网"),
    ("Live - Election night results | Newsday", None, "Live - Election night results", "Newsday"),
    # the separators trafilatura splits <title> at, spaced
    ("Tram line opens « City Daily", None, "Tram line opens", "City Daily"),
    ("Tram line opens ~ City Daily", None, "Tram line opens", "City Daily"),
    ("Tram line opens ⋆ City Daily", None, "Tram line opens", "City Daily"),
    # a wide character counts as two beside a Latin site name
    ("台風10号が接近 | TBS NEWS DIG", None, "台風10号が接近", "TBS NEWS DIG"),
    # no last segment much longer than what comes before it, no colon, no dash in a word
    ("Covid-19 - The Second Wave", None, "Covid-19 - The Second Wave", "news.example"),
    ("Reuters | Oil prices rise on supply fears", None, "Reuters | Oil prices rise on supply fears",
     "news.example"),
    ("Interview : Jane Doe sur la ligne de tram", None, "Interview : Jane Doe sur la ligne de tram",
     "news.example"),
    ("Season 2020–21 preview", None, "Season 2020–21 preview", "news.example"),
])
def test_with_no_og_title_or_h1_the_title_is_the_page_title_less_the_site_name(
        title, site_name, headline, site):
    article = clean_page(page(title, site_name=site_name), "https://news.example/a/1.html")
    assert (article.meta.title, article.meta.site_name) == (headline, site)


@pytest.mark.parametrize("html", [
    page("地震で新幹線が運転見合わせ：朝日新聞デジタル", og_title="地震で新幹線が運転見合わせ"),
    page("地震で新幹線が運転見合わせ：朝日新聞デジタル").replace(
        "<article>", "<article><h1>地震で新幹線が運転見合わせ</h1>"),
])
def test_an_undeclared_site_name_after_a_wide_colon(html):
    article = clean_page(html, "https://www.asahi.example/articles/1.html")
    assert (article.meta.title, article.meta.site_name) == (
        "地震で新幹線が運転見合わせ", "朝日新聞デジタル")


def test_a_kicker_before_a_wide_colon_names_no_site():
    html = page("速報：地震で新幹線が運転見合わせ").replace("<article>", "<article><h1>速報</h1>")
    article = clean_page(html, "https://www.news.example/articles/1.html")
    assert article.meta.site_name == "news.example"


@pytest.mark.parametrize("title, og_title, url, headline, site", [
    # og:title says no more than <title>
    ("Hlavní aktér prodává vilu. Rodina neuspěla - Seznam Zprávy", True,
     "https://www.seznamzpravy.cz/clanek/1", "Hlavní aktér prodává vilu. Rodina neuspěla",
     "Seznam Zprávy"),
    ("BIP: Diese Grafiken zeigen, wie schlecht es um die Wirtschaft steht - WELT", True,
     "https://www.welt.de/wirtschaft/1.html",
     "BIP: Diese Grafiken zeigen, wie schlecht es um die Wirtschaft steht", "WELT"),
    ("Anti-terror op turns sinister - Times of India", True,
     "https://timesofindia.indiatimes.com/world/1.cms", "Anti-terror op turns sinister",
     "Times of India"),
    ("Aarhus får 2.000 nye boliger | Dagbladet Nord", True, "https://dagbladetnord.example/1",
     "Aarhus får 2.000 nye boliger", "Dagbladet Nord"),
    # before a headline much the longer
    ("Reuters | Oil prices rise on supply fears", False, "https://www.reuters.com/markets/1",
     "Oil prices rise on supply fears", "Reuters"),
    # a last segment holding the registered name, or having it for initials
    ("Fed cuts rates | The Philadelphia Inquirer", False, "https://www.inquirer.example/1",
     "Fed cuts rates", "The Philadelphia Inquirer"),
    ("中国股市大跌 | South China Morning Post", False, "https://www.scmp.example/1", "中国股市大跌",
     "South China Morning Post"),
    ("Dr. Oz wins primary | Pittsburgh Post-Gazette", False, "https://www.post-gazette.example/1",
     "Dr. Oz wins primary", "Pittsburgh Post-Gazette"),
    # not a headline's second half naming the site
    ("Take C.A.R.E. - comwrap auf der DMEXCO 2018", True, "https://www.comwrap.example/blog/1",
     "Take C.A.R.E. - comwrap auf der DMEXCO 2018", "comwrap.example"),
    # a subdomain leading the headline is a place, not the site
    ("Wien - Brand in Favoriten: drei Verletzte", True, "https://wien.orf.example/stories/1",
     "Wien - Brand in Favoriten: drei Verletzte", "wien.orf.example"),
    # a segment that does not spell the host stays
    ("„Niemand glaubt Euch“: Spott über FDP - Generalsekretär tritt zurück", True,
     "https://www.freiepresse.example/1",
     "„Niemand glaubt Euch“: Spott über FDP - Generalsekretär tritt zurück", "freiepresse.example"),
])
def test_a_page_title_segment_spelling_the_host_names_the_site(title, og_title, url, headline,
                                                               site):
    article = clean_page(page(title, og_title=title if og_title else None), url)
    assert (article.meta.title, article.meta.site_name) == (headline, site)


def test_the_whole_page_title_is_no_site_name():
    title = "Der 9. Juli naht: Gewerkschaften demonstrieren Stärke - Tageblatt.lu"
    ld = '{"@context": "https://schema.org", "@type": "WebPage", "name": "%s"}' % title
    html = page(title, og_title="Nationale Demo / Der 9. Juli naht: Gewerkschaften "
                "demonstrieren Stärke").replace(
        "</head>", f'<script type="application/ld+json">{ld}</script></head>')
    article = clean_page(html, "https://www.tageblatt.lu/headlines/1/")
    assert article.meta.site_name == "Tageblatt.lu"


@pytest.mark.parametrize("title, h1, headline, site", [
    ("Tram line extended | Eyethu News", None, "Tram line extended", "Eyethu News"),
    ("Tram line extended | Eyethu News", "Tram line extended", "Tram line extended",
     "Eyethu News"),
    ("정부, 주택 공급 계획 발표 - 매일경제", None, "정부, 주택 공급 계획 발표", "매일경제"),
    # a headline's second half after a dash has words in lower case, as no name has
    ("Tram line extended - Council approves funding", None,
     "Tram line extended - Council approves funding", "news.example"),
])
def test_an_og_title_repeating_the_page_title_tells_no_headline(title, h1, headline, site):
    html = page(title, og_title=title)
    if h1:
        html = html.replace("<article>", f"<article><h1>{h1}</h1>")
    article = clean_page(html, "https://news.example/a/1.html")
    assert (article.meta.title, article.meta.site_name) == (headline, site)


@pytest.mark.parametrize("title, og_title, site_name, headline, site", [
    ("政府宣布住房计划_新华网", None, "新华网", "政府宣布住房计划", "新华网"),
    ("政府宣布住房计划_新华网", "政府宣布住房计划", None, "政府宣布住房计划", "新华网"),
    ("政府宣布住房计划_新闻_新华网", None, None, "政府宣布住房计划_新闻", "新华网"),
    # an underscore between ASCII letters is no separator
    ("Tuning PostgreSQL_Max Workers", None, None, "Tuning PostgreSQL_Max Workers",
     "news.example"),
])
def test_an_underscore_beside_a_cjk_name_separates_it(title, og_title, site_name, headline,
                                                      site):
    article = clean_page(page(title, og_title=og_title, site_name=site_name),
                         "https://news.example/a/1.html")
    assert (article.meta.title, article.meta.site_name) == (headline, site)
