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
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from twisted.python.failure import Failure

from ..clock import timestamp
from ..items import FetchError, Page

logger = logging.getLogger(__name__)

INPUT_URL = "newsscrape_input_url"  # meta: the URL as given, or as a feed or sitemap listed it


def page_from_response(response: Response) -> Page:
    """The response as plain data for ``scraper.records.page_to_record``: URL, body, headers
    (every value of each, as sent), status and the time it was fetched."""
    headers = [(name.decode("latin-1"), value.decode("latin-1"))
               for name, values in response.headers.items() for value in values]
    requested = response.request.meta.get(INPUT_URL) if response.request else None
    return Page(url=response.url, body=response.body, headers=headers, fetched_at=timestamp(),
                status=response.status, requested_url=requested)


def error_from_failure(failure: Failure) -> FetchError:
    """Name why a request gave no response we could use."""
    request = getattr(failure, "request", None)
    url = request.meta.get(INPUT_URL, request.url) if request is not None else None
    status = None
    if failure.check(HttpError):
        response = failure.value.response
        status = response.status
        error, message = "http_error", f"HTTP {status}"
    elif failure.check(DownloadTimeoutError):
        error, message = "timeout", str(failure.value)
    elif failure.check(CannotResolveHostError):
        error, message = "dns_error", str(failure.value)
    elif failure.check(DownloadCancelledError) or isinstance(
            failure.value.__cause__, _DecompressionMaxSizeExceeded):  # (a gzip bomb's)
        error = "too_large"
        message = str(failure.value) or "the response is larger than DOWNLOAD_MAXSIZE"
    elif failure.check(UnsupportedURLSchemeError):
        error, message = "bad_url", str(failure.value)
    elif failure.check(DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError):
        error = "connection_error"
        message = str(failure.value) or "the connection closed before the whole response came"
    elif failure.check(IgnoreRequest):
        text = str(failure.value)
        error = "robots_denied" if "robots.txt" in text else "ignored"
        message = text
    else:
        error, message = "fetch_error", f"{failure.type.__name__}: {failure.value}"
    return FetchError(url=url, error=error, status=status, message=message,
                      fetched_at=timestamp())
