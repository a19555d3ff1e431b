"""``python -m communique``, and the ``communique`` command: the CLI, with a Ctrl-C that comes
while Python loads it (a tenth of a second, before click can say "Aborted!") ending the run
as one that comes later does, not with a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    """Load the CLI and run it."""
    try:
        from communique.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Aborted!\n")
        raise SystemExit(1) from None
    main()


if __name__ == "__main__":
    run()
