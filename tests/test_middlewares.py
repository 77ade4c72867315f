from datetime import UTC, datetime

from scraper import middlewares
from scraper.middlewares import retry_after_seconds


def test_retry_after_in_seconds():
    assert retry_after_seconds(b"7") == 7.0


def test_retry_after_as_an_http_date(monkeypatch):
    monkeypatch.setattr(middlewares, "now", lambda: datetime(2026, 1, 2, 3, 4, 0, tzinfo=UTC))
    assert retry_after_seconds(b"Fri, 02 Jan 2026 03:04:30 GMT") == 30.0


def test_retry_after_missing_or_garbage():
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None


def test_user_agent_names_the_contact_url_setting():
    from scrapy.utils.test import get_crawler

    from scraper.middlewares import ContactUserAgentMiddleware
    from scraper.settings import USER_AGENT

    crawler = get_crawler(settings_dict={"USER_AGENT": USER_AGENT,
                                         "USER_AGENT_CONTACT_URL": "https://example.org/bot"})
    agent = ContactUserAgentMiddleware.from_crawler(crawler).user_agent
    assert agent.startswith("newsscrape/") and agent.endswith("(+https://example.org/bot)")


def meta_refresh_response(head: str, filler: int):
    """An HTML response of ``head`` then ``filler`` paragraphs, no charset declared."""
    from scrapy.http import HtmlResponse, Request

    body = (f"<html><head>{head}</head><body>"
            + "<p>Caf\u00e9 news of the day, line after line.</p>" * filler
            + "</body></html>").encode()
    request = Request("https://news.example/a.html")
    return request, HtmlResponse(request.url, body=body, request=request,
                                 headers={"Content-Type": "text/html"})


def meta_refresh_middleware():
    from scrapy.utils.test import get_crawler

    from scraper.middlewares import HeadMetaRefreshMiddleware

    return HeadMetaRefreshMiddleware.from_crawler(get_crawler())


def test_a_meta_refresh_is_followed_without_decoding_the_whole_page():
    from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
    from scrapy.http import Request
    from scrapy.utils.test import get_crawler

    ours, scrapys = meta_refresh_middleware(), MetaRefreshMiddleware.from_crawler(get_crawler())
    refresh = '<meta http-equiv="refresh" content="0; url=/moved.html">'
    for head, filler in ((refresh, 2000), ("", 2000), (refresh, 10), ("", 10)):
        request, response = meta_refresh_response(head, filler)
        got = ours.process_response(request, response)
        expected = scrapys.process_response(*meta_refresh_response(head, filler))
        if isinstance(expected, Request):
            assert isinstance(got, Request) and got.url == expected.url
            assert got.url == "https://news.example/moved.html"
        else:
            assert got is response
        if filler == 2000:  # a page of 100 KB: only its head was decoded
            assert response._cached_ubody is None


def test_a_meta_refresh_past_the_first_4096_characters_is_not_followed():
    refresh = '<meta http-equiv="refresh" content="0; url=/moved.html">'
    request, response = meta_refresh_response("<title>" + "x" * 5000 + "</title>" + refresh,
                                              2000)
    assert meta_refresh_middleware().process_response(request, response) is response


def test_a_meta_refresh_in_capitals_or_in_utf16_is_still_followed():
    """The shortcut for pages that cannot hold a refresh (the word absent) sees the word in
    any case, and leaves a page in UTF-16 to Scrapy."""
    from scrapy.http import HtmlResponse, Request

    middleware = meta_refresh_middleware()
    request, response = meta_refresh_response(
        '<META HTTP-EQUIV="REFRESH" CONTENT="0; URL=/moved.html">', 10)
    assert middleware.process_response(request, response).url == "https://news.example/moved.html"
    body = ('<html><head><meta http-equiv="refresh" content="0; url=/moved.html"></head>'
            "<body><p>Nouvelles.</p></body></html>").encode("utf-16")
    response = HtmlResponse(request.url, body=body, request=request,
                            headers={"Content-Type": "text/html; charset=utf-16"})
    assert middleware.process_response(request, response).url == "https://news.example/moved.html"
