"""Across articles: duplicates, entities, stories, timelines, claims and outlet comparison."""
