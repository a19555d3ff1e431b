"""How fast PO catalogs are read: catalogs/s, messages/s and MB/s over a corpus's PO files.

    .venv/bin/python bench/read_speed.py /tmp/bench/base2000     # a bench/make_corpus.py archive

The files are read into memory first, so the figures are the parser's alone (decoding included,
disk excluded). Each round parses every file once; the median round is reported, as the machine
this project is measured on is noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from communique.catalog.reader import read_catalog_bytes


def main() -> None:
    """Print the reader's speed on the PO files under a directory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a directory; every *.po under it is read")
    parser.add_argument("--rounds", type=int, default=5, help="times every file is parsed")
    args = parser.parse_args()
    files = [(str(path), path.read_bytes()) for path in sorted(args.corpus.rglob("*.po"))]
    if not files:
        sys.exit(f"no .po files under {args.corpus}")
    size = sum(len(raw) for _, raw in files)
    messages = sum(len(read_catalog_bytes(raw, path=name).messages) for name, raw in files)
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for name, raw in files:
            read_catalog_bytes(raw, path=name)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{len(files)} catalogs, {messages} messages, {size / 1e6:.1f} MB")
    print(f"median of {args.rounds} rounds: {median:.2f} s (min {min(times):.2f} s)")
    print(f"{len(files) / median:,.0f} catalogs/s")
    print(f"{messages / median:,.0f} messages/s ({median / messages * 1e6:.1f} µs per message)")
    print(f"{size / 1e6 / median:.1f} MB/s")


if __name__ == "__main__":
    main()
