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
