"""Extraction in worker processes: ``ExtractPool`` runs ``scraper.records.page_to_record`` on
every core, off Scrapy's reactor."""

from .pool import ExtractPool, default_workers, start_forkserver

__all__ = ["ExtractPool", "default_workers", "start_forkserver"]
