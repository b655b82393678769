"""Data files shipped with Storyline (the editable alias file)."""
