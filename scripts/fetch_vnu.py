"""Fetch the Nu Html Checker (vnu.jar) the tests validate pages with, into .venv/share/vnu/.

It comes from the npm registry's ``vnu-jar`` package (the checker's official distribution),
pinned by version and checked against the registry's SHA-512 before it is unpacked.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "26.9.27"
URL = f"https://registry.npmjs.org/vnu-jar/-/vnu-jar-{VERSION}.tgz"
SHA512 = "TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="
TARGET = Path(__file__).resolve().parents[1] / ".venv" / "share" / "vnu" / f"vnu-{VERSION}.jar"


def main() -> int:
    if TARGET.is_file():
        return 0
    print(f"setup: fetching the Nu Html Checker {VERSION}")
    with urllib.request.urlopen(URL, timeout=120) as response:
        data = response.read()
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != SHA512:
        print(f"setup: {URL} does not match its published SHA-512", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile("package/build/dist/vnu.jar")
        if member is None:
            print("setup: vnu.jar is missing from the package", file=sys.stderr)
            return 1
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        partial = TARGET.with_suffix(".part")
        partial.write_bytes(member.read())
        partial.replace(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
