"""Standalone story reports: one HTML file (inline CSS and SVG, no external asset) or Markdown.

A report is what a journalist sends to an editor: the story's timeline with sources, the
claims and how they changed, how the outlets compare, and the key quotes.

>>> from storyline.store import open_store
>>> text = render_report(open_store("news.db"), "story_ab12", "md")  # doctest: +SKIP
"""

from storyline.report._build import ReportFormat, build_report_view, render_report, write_report

__all__ = ["ReportFormat", "build_report_view", "render_report", "write_report"]
