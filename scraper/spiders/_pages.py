"""Turn a response into a Page to extract, and a failed request into a named error."""

from __future__ import annotations

import logging

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
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..clock import timestamp
from ..items import FetchError, Page

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def page_or_error(response: Response) -> Page | FetchError:
    """A Page when the response is HTML, else a ``not_html`` error naming its type."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0]
    content_type = content_type.strip().lower()
    sniffed_html = not content_type and response.body.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html"))
    if content_type not in HTML_TYPES and not sniffed_html:
        return FetchError(url=response.url, error="not_html", status=response.status,
                          message=f"not an HTML page: {content_type or 'no Content-Type'}",
                          fetched_at=timestamp())
    encoding = response.encoding if isinstance(response, TextResponse) else None
    return Page(url=response.url, body=response.body, encoding=encoding, fetched_at=timestamp(),
                requested_url=response.request.meta.get("newsscrape_input_url") if response.request else None)


def error_from_failure(failure: Failure) -> FetchError:
    """Name why a request gave no response we could use."""
    request = getattr(failure, "request", None)
    url = request.meta.get("newsscrape_input_url", request.url) if request is not None else None
    status = None
    if failure.check(HttpError):
        response = failure.value.response
        status = response.status
        error, message = "http_error", f"HTTP {status}"
    elif failure.check(DownloadTimeoutError):
        error, message = "timeout", str(failure.value)
    elif failure.check(CannotResolveHostError):
        error, message = "dns_error", str(failure.value)
    elif failure.check(DownloadCancelledError):
        error, message = "too_large", str(failure.value)
    elif failure.check(UnsupportedURLSchemeError):
        error, message = "bad_url", str(failure.value)
    elif failure.check(DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError):
        error, message = "connection_error", str(failure.value)
    elif failure.check(IgnoreRequest):
        text = str(failure.value)
        error = "robots_denied" if "robots.txt" in text else "ignored"
        message = text
    else:
        error, message = "fetch_error", f"{failure.type.__name__}: {failure.value}"
    return FetchError(url=url, error=error, status=status, message=message,
                      fetched_at=timestamp())
