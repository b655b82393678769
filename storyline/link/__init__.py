"""Across articles: duplicates and wire copies, stories and events, timelines, claims over
time, outlet comparison and dates for undated articles.

Pure functions over :class:`storyline.models.Article` objects; :func:`link_store` and
:func:`relink_all` apply them to the store.
"""
