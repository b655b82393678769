"""Quotes: who said what, with cues and speakers.

:mod:`.step` is the pipeline step (``quotes_step``, ``find_quotes``); :mod:`.marks`,
:mod:`.direct` and :mod:`.indirect` find candidates, :mod:`.speaker` (with :mod:`.gender`)
resolves their sources, :mod:`.screen` drops quoted titles and scare quotes; the cue words
are data (``cues.toml``), the screening model too (``screen.json``).
"""
