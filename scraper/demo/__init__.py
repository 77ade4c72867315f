"""The bundled demo news site: static pages in several languages, served on 127.0.0.1."""

from pathlib import Path

SITE = Path(__file__).parent / "site"
