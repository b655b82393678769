"""Rules for people's and institutions' names, shared by the pipeline and the link stage.

:mod:`.rules` keys, folds, parses and compares names (titles, particles, nicknames,
possessives, generic institution words); :mod:`.translit` gives the Latin spelling of a
name written in another script. Both are plain text functions: no language model, no
store, so the per-article entity step and the cross-article entity merge read the same
rules.
"""
