"""newsscrape's Scrapy project: settings, items, spiders, pipelines and the command line."""

__version__ = "0.1.0"
