"""error_from_failure: every way a request can fail gets its error code (spiders/_pages.py)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.spiders._pages import error_from_failure

URL = "https://news.example/2026/11/20/a.html"


def failure(exc: Exception, request: Request | None = None) -> Failure:
    try:
        raise exc
    except Exception:  # noqa: BLE001 (any exception: a Failure of it, with its traceback)
        made = Failure()
    if request is not None:
        made.request = request
    return made


@pytest.mark.parametrize("exc, code", [
    (DownloadTimeoutError("took longer than 3.0 seconds"), "timeout"),
    (CannotResolveHostError("no such host"), "dns_error"),
    (DownloadCancelledError("over DOWNLOAD_MAXSIZE"), "too_large"),
    (UnsupportedURLSchemeError("ftp"), "bad_url"),
    (DownloadConnectionRefusedError("refused"), "connection_error"),
    (DownloadFailedError("reset"), "connection_error"),
    (ResponseDataLossError("cut short"), "connection_error"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_denied"),
    (IgnoreRequest("offsite"), "ignored"),
])
def test_each_failure_gets_its_code_and_keeps_its_message(exc, code):
    error = error_from_failure(failure(exc, Request(URL)))
    assert (error.url, error.error, error.status) == (URL, code, None)
    assert error.message == str(exc)


def test_an_http_error_carries_its_status():
    response = Response(URL, status=410, request=Request(URL))
    error = error_from_failure(failure(HttpError(response, "ignored"), Request(URL)))
    assert (error.error, error.status, error.message) == ("http_error", 410, "HTTP 410")


def test_anything_else_is_a_fetch_error_naming_the_exception():
    error = error_from_failure(failure(ValueError("odd"), Request(URL)))
    assert (error.error, error.message) == ("fetch_error", "ValueError: odd")


def test_the_error_names_the_input_as_given_not_the_redirect():
    given = "https://news.example/short"
    error = error_from_failure(failure(DownloadTimeoutError("t"),
                                       Request(URL, meta={"newsscrape_input_url": given})))
    assert error.url == given
    assert error_from_failure(failure(DownloadTimeoutError("t"))).url is None
