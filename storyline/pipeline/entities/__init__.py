"""Entities: the entity mentions of one article, each with its in-article full name.

:mod:`.step` is the pipeline step (``entities_step``); :mod:`.spans` finds and fixes the
mention spans in the parse, :mod:`.aliases` reads the alias table, :mod:`.institutions`
qualifies institutions by country, :mod:`.variants` finds names written in the wrong case. The
name rules themselves are shared with the link stage in :mod:`storyline.names`.
"""
