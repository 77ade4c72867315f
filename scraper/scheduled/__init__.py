"""Scheduled crawls of configured sources: the sources file, feeds, sitemaps, the seen store,
the dated output files and their lock, and the run summary (``runs.jsonl``).

``newsscrape crawl`` (scraper.commands.crawl) runs the sources spider with these parts; one-off
commands use none of them.
"""
