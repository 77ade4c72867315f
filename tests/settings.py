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
# In-process extraction: a pool of workers per test run would cost seconds each; the pool's
# own tests (tests/test_workers.py) set EXTRACT_WORKERS.
EXTRACT_WORKERS = 0
