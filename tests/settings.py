"""Scrapy settings for the test suite: the real settings, made fast and short-fused."""

from scraper.settings import *  # noqa: F403

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 3
RETRY_TIMES = 1
RETRY_AFTER_MAX = 2.0
DOWNLOAD_MAXSIZE = 1024 * 1024
DOWNLOAD_WARNSIZE = 512 * 1024
CONCURRENT_REQUESTS_PER_DOMAIN = 8
FEEDS = {}
LOG_LEVEL = "WARNING"
