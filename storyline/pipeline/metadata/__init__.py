"""Metadata: title, byline, dates, outlet and place of an article, each with provenance.

:mod:`.step` is the pipeline step (``extract_metadata``); :mod:`.lines` recognises header,
byline, dateline and timestamp lines (also used by :mod:`storyline.pipeline.clean` to
remove them), :mod:`.dates` reads publication dates, :mod:`.outlets` the outlet table
(``outlets.toml``).
"""
