"""Scrapy settings for newsscrape: safe, polite defaults for unattended crawling.

Every setting can be overridden per run with ``-s NAME=VALUE`` (``newsscrape`` and
``scrapy crawl`` alike). Tests use ``tests/settings.py``, which imports this and shortens
timeouts and delays.
"""

import os

from scrapy.settings import default_settings

from scraper import __version__
from scraper import items as _items

BOT_NAME = "newsscrape"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Who we are: a contact URL lets site owners reach the operator (set yours with
# -s USER_AGENT_CONTACT_URL=...); ContactUserAgentMiddleware puts it in place of {contact}.
USER_AGENT_CONTACT_URL = "https://github.com/newsscrape/newsscrape"
USER_AGENT = f"newsscrape/{__version__} (+{{contact}})"

# Politeness
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4

# Bounded fetching: no page may hang the run or fill the memory.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# Retries for 5xx, 429 and timeouts, honouring Retry-After up to RETRY_AFTER_MAX seconds.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_AFTER_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.middlewares.SharedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "scraper.middlewares.ContactUserAgentMiddleware": 500,
    "scraper.distributed.politeness.SharedSiteLimitMiddleware": 950,  # REDIS_URL only
    # (the same redirects, without decoding every page on the reactor)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scraper.middlewares.HeadMetaRefreshMiddleware": 580,
}

# Nothing listens for commands: the remote-control server runs any Python sent to it. Both
# are off, and out of Scrapy's base extensions, so that a crawl never even imports them
# (aiohttp and twisted.conch: a tenth of a second of every start-up). Scrapy imports every key
# of EXTENSIONS, a None included, so removing them there would not do.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS_BASE = {name: order for name, order in default_settings.EXTENSIONS_BASE.items()
                   if name not in ("scrapy.extensions.telnet.TelnetConsole",
                                   "scrapy.extensions.remote_control.RemoteControl")}

# spider -> save the page (WARC) -> extract (decode, detect, clean, check the schema) ->
# [scheduled crawls: drop what was written before -> append to dated files] -> feed exports
ITEM_PIPELINES = {
    "scraper.pipelines.SaveHtmlPipeline": 50,
    "scraper.pipelines.ExtractPipeline": 100,
    "scraper.scheduled.pipelines.SeenPipeline": 400,
    "scraper.distributed.claims.ClaimPipeline": 450,  # REDIS_URL only
    "scraper.scheduled.pipelines.DatedJsonlPipeline": 500,
    "scraper.pipelines.DropErrorsPipeline": 900,
}
# Extraction runs in EXTRACT_WORKERS worker processes (None: one per core; 0: in the crawl's
# process, for debugging), EXTRACT_TIMEOUT seconds at most a page (then worker_timeout).
# Downloads wait when extraction falls behind: Scrapy holds back new responses while those in
# the pipelines total SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes, so memory stays flat.
# CONCURRENT_ITEMS is per response, and Scrapy starts that many tasks for every response
# whatever it yields (scrapy.utils.asyncio._parallel_asyncio): our spiders yield one page a
# response, so Scrapy's 100 cost the reactor 0.5 ms a page for nothing (1: 0.025 ms). The
# workers still get a page from every response in the pipelines at once.
EXTRACT_WORKERS = None
EXTRACT_TIMEOUT = 120
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 5_000_000
CONCURRENT_ITEMS = 1
# Every outcome is counted in the stats (newsscrape/articles, newsscrape/errors/<code>);
# a message repeated many times is shown a few times, then counted.
EXTENSIONS = {"scraper.outcomes.Outcomes": 0, "scraper.scheduled.quietlogs.RepeatedLogs": 0}
# No page bodies in the logs: items are named by class and URL.
LOG_FORMATTER = "scraper.scheduled.quietlogs.BodylessLogFormatter"
# Print each error on stderr as it comes (and progress on a terminal) rather than logging it.
OUTCOMES_PRINT = False
# FetchError items (inputs that gave no article) go to the feeds only when this is set, as
# `newsscrape --errors FILE` does; otherwise they are logged, counted and dropped.
OUTCOMES_EXPORT_ERRORS = False

# --save-html DIR: every fetched HTML page, with its headers, in DIR/<run start>.warc.gz
SAVE_HTML_ENABLED = False
SAVE_HTML_DIR = None

# Scheduled crawls (`newsscrape crawl` sets these): the SQLite store of articles already
# fetched (the sources spider asks it what to fetch, SeenPipeline drops what was written),
# SEEN_REFRESH to fetch every listed article again all the same; and the folder of dated
# per-source JSONL files (DatedJsonlPipeline). Unset, both pipelines are off. The README's
# "Settings" lists every setting of ours.
SEEN_ENABLED = False
SEEN_DB = None
SEEN_REFRESH = False
SEEN_RETRY_DAYS = 30  # a page remembered as failed (404, a wall) is tried again after this
SPIDER_MIDDLEWARES = {
    "scraper.scheduled.seencheck.SeenCheckMiddleware": 950,
    "scraper.distributed.filtering.SharedFilterMiddleware": 960,  # REDIS_URL only
}
CRAWL_OUTPUT_DIR = None

# Several machines (README "Several machines"): with REDIS_URL set (here or in the environment)
# processes share a round's request queue and duplicate filter, the seen store, claims on the
# articles being written, and the per-site limit; unset, nothing contacts Redis.
REDIS_URL = os.environ.get("REDIS_URL") or None
REDIS_LEASE_SECONDS = 60.0
SCHEDULER = "scraper.distributed.switch.SchedulerSwitch"

FEED_EXPORT_ENCODING = "utf-8"
# Every JSON Lines feed is written by the one serialiser (U+2028/U+2029 escaped).
FEED_EXPORTERS = {name: "scraper.exporters.JsonLinesExporter"
                  for name in ("newsscrape_jsonlines", "jsonlines", "jsonl")}
# Any feed, `scrapy crawl -o FILE` included, writes the record's fields in schema order.
FEED_EXPORT_FIELDS = list(_items.ARTICLE_FIELDS)
FEEDS = {
    "output/%(name)s-%(time)s.jsonl": {
        "format": "newsscrape_jsonlines",
        "item_classes": ["scraper.items.Article"],
        "fields": list(_items.ARTICLE_FIELDS),
    },
}
LOG_LEVEL = "INFO"
