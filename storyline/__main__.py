"""``python -m storyline``: the same command line as ``storyline``."""

from storyline.cli import main

if __name__ == "__main__":
    main(prog_name="storyline")
