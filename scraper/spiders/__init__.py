"""Spiders: crawling only. They yield Page items (or FetchError); pipelines do the rest."""
