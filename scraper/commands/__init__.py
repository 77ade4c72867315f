"""The ``newsscrape`` commands, one module each, with ``run(args, stdin) -> exit status``.

``scraper.cli`` parses the command line and imports only the command it runs.
"""
