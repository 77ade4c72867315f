"""Scheduled crawls of configured sources: the sources file, feeds, sitemaps (and the checks on
XML from the network), what each start point gave, the seen store and its spider middleware,
the dated output files and their lock, and the run summary (``runs.jsonl``).

``newsscrape crawl`` (scraper.commands.crawl) runs the sources spider with these parts; one-off
commands use none of them but ``quietlogs`` (no page bodies in logs, repeats counted), which
the project settings give every crawl.
"""
