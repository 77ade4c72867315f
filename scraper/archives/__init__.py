"""Archive input for ``newsscrape warc``: WARC files local or remote (streamed, resumed with
``Range``), CC-NEWS's monthly listings, the filters, and the resume checkpoint."""

from .ccnews import CC_NEWS_BASE, cc_news_urls
from .checkpoint import Checkpoint
from .filters import Filters
from .remote import RangeReader, RemoteError

__all__ = ["CC_NEWS_BASE", "Checkpoint", "Filters", "RangeReader", "RemoteError",
           "cc_news_urls"]
