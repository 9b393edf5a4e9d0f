"""The `precis` entry point, also run by `python -m generators`.

`precis --version` is answered here, before the command-line library loads: that import is
most of the start-up time, and scripts call `--version` to check what is installed.
"""

import sys

from . import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"precis {__version__}")
        return
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()
