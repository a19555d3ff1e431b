"""Run the W3C Feed Validator (vendored in ``tests/vendor``) on every feed of a built site.

    python -m tests.w3c_feeds OUTPUT BASE_URL

prints a JSON object: each feed's path and the validator's findings, one line each: errors,
warnings and the recommendations the online service lists under them (``compatibility.AAA``:
``MissingDCLanguage`` is one). It runs in a process of its
own: the validator sets the process's default socket timeout when imported.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
MEDIA_TYPES = {".atom": "application/atom+xml", ".rss": "application/rss+xml"}


def main(output: Path, base: str) -> dict[str, list[str]]:
    sys.path.insert(0, str(VENDOR))
    import feedvalidator  # type: ignore[import-not-found]
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter  # type: ignore[import-not-found]

    found = {}
    for path in sorted(output.rglob("feed.*")):
        name = path.relative_to(output).as_posix()
        events = feedvalidator.validateStream(
            io.BytesIO(path.read_bytes()),
            firstOccurrenceOnly=1,
            contentType=MEDIA_TYPES[path.suffix],
            base=base + name,  # where it is served: its self link must say so
        )["loggedEvents"]
        found[name] = [str(line) for line in Formatter(compatibility.AAA(events))]
    return found


def validate(output: Path, base: str) -> dict[str, list[str]]:
    """What the validator says of each feed of ``output`` served from ``base``, run in a
    process of its own."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "tests.w3c_feeds", str(output), base],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2]), ensure_ascii=False, indent=1))
