"""Regenerate src/communique/data/cldr/delimiters.json from CLDR's JSON release.

Babel carries most of CLDR but not its quotation marks (the ``delimiters`` of each locale),
which the checks need. They come from the npm package ``cldr-misc-full``, the Unicode
Consortium's JSON form of CLDR:

    cd /tmp && npm pack cldr-misc-full@48.2.0 && tar xzf cldr-misc-full-48.2.0.tgz
    .venv/bin/python scripts/cldr_delimiters.py /tmp/package

CLDR data is © Unicode, Inc., under the Unicode License (https://www.unicode.org/license.txt).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src/communique/data/cldr/delimiters.json"
KEYS = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def main(package: Path) -> int:
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    table: dict[str, object] = {"_source": f"CLDR {version} (cldr-misc-full), Unicode License"}
    for path in sorted((package / "main").glob("*/delimiters.json")):
        data = json.loads(path.read_text("utf-8"))["main"]
        (locale,) = data
        delimiters = data[locale]["delimiters"]
        table[locale] = "".join(delimiters[key] for key in KEYS)
    TARGET.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
    print(f"{len(table) - 1} locales from CLDR {version} → {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
