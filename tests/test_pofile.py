"""The PO writer against GNU gettext: msgcat must leave every file we write byte for byte."""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import subprocess
import unicodedata
from pathlib import Path

import pytest

from communique.catalog import Catalog, Message, format_catalog
from communique.catalog.linebreak import (
    break_opportunities,
    char_width,
    fill,
    greedy_breaks,
)
from communique.catalog.pofile import wrap_string
from communique.catalog.reader import read_catalog_bytes

HEADER = [
    ("Project-Id-Version", "demo"),
    ("Language", "ru"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    (
        "Plural-Forms",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ),
]

# Words from press releases in the OSCE languages, with the punctuation that trips wrappers.
WORDS = """
the OSCE Council of Europe co-operation anti-trafficking 1,200 1 200 4.5 57 75% (TDI):
Brussels/Warsaw « guillemets » l’OSCE l'OSCE "quoted" 'single' — – - ... … ? ! ; : , .
https://www.osce.org/press-releases/2023/06/07?lang=fr&x=1 press@osce.org
[link](https://coe.int) *emphasis* **strong** `code` Организация по безопасности и
сотрудничеству в Европе ОБСЕ Страсбург, 7 июня 2023 г. Straßburg Zusammenarbeit über
€2.5 EUR $100 C++ 2023-06-07 No. 6/17 a\\b Mr. Dr. i.e. e.g. U.S. 1 000 000 „Deutsch“
»umgekehrt« ‘curly’ “double” naïve café état-major 東京 Ελλάδα Հայաստան საქართველო
""".split()
# Control characters, escapes and no-break spaces.
WORDS += ["\t", "\n", "x\ny", "\\", '"', "\u00a0", "\u202f", "1\u00a0200"]


def msgcat(tmp_path: Path, text: str) -> str:
    path = tmp_path / "catalog.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    return result.stdout


def msgfmt_check(tmp_path: Path, text: str) -> str:
    path = tmp_path / "check.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def agreeing(english: str, text: str) -> str:
    """``text`` beginning and ending with a newline where ``english`` does (msgfmt's rule)."""
    text = text.strip("\n")
    return "\n" * english.startswith("\n") + text + "\n" * english.endswith("\n")


def random_catalog(seed: int, count: int = 1500) -> Catalog:
    rnd = random.Random(seed)
    catalog = Catalog(header=list(HEADER), header_comments=["Russian translation."])
    seen: set[str] = set()
    for number in range(count):
        msgid = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 45)))
        if msgid in seen:
            continue
        seen.add(msgid)
        message = Message(msgid=msgid, msgstr=agreeing(msgid, msgid[::-1]) if number % 3 else "")
        if number % 5 == 0:
            message.flags = ["fuzzy"]
        if number % 7 == 0:
            message.previous_msgid = msgid[: len(msgid) // 2] + " earlier"
        if number % 11 == 0 and message.msgstr:
            message.obsolete = True
        if number % 13 == 0:
            message.translator_comments = ["checked by the desk", ""]
        if number % 4 == 0:
            message.extracted_comments = [f"paragraph {number}, sentence 1 of 2"]
            message.references = [
                (f"source/2023-06-07-release-number-{rnd.randint(1, 99)}.md", rnd.randint(1, 900))
                for _ in range(rnd.randint(1, 5))
            ]
        if number % 17 == 0:
            forms = [agreeing(msgid, message.msgstr + suffix) for suffix in ("", " 2", " 5")]
            message.msgid_plural = agreeing(msgid, msgid + " (plural)")
            message.msgstr_plural = forms if message.msgstr else ["", "", ""]
            message.msgstr = ""
        if number % 19 == 0:
            message.msgctxt = "context " + msgid[:20]
        catalog.messages.append(message)
    return catalog


@pytest.mark.needs_gettext
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_catalogs_survive_msgcat_byte_for_byte(tmp_path: Path, seed: int) -> None:
    text = format_catalog(random_catalog(seed))
    assert msgcat(tmp_path, text) == text


# Format directives gettext never breaks inside (valid, invalid, escaped), and the scripts whose
# widths and breaks are easy to get wrong: Hebrew with a maqaf, Kannada vowel signs, combining
# accents, joiners, CJK and emoji.
DIRECTIVES = """
%s %d %(name)s %(two words)s %-5.2f %1$s %2$d %<PRId64> %lld %% %5% % d %*d %.*f %(n)d %m
{x} {0:>10} {a.b[0]} {{ }} {} {bad {:d} {a:{b}} {name!r} %( % 100% {0}
""".split()
DIRECTIVES += ["%(long name with spaces)s", "{abcdefghijklmnopqrstuvwxyz0123456789}"]
SCRIPTS = ["אבגד־הוז", "ב־Weblate", "a־b", "א\u05b0־ב", "ಕಿಕಿ ಕಿ", "e\u0301te", "a\u200db"]
SCRIPTS += ["日本語の文", "\U0001f600", "Ελλάδα", "co-op"]
FORMAT_FLAGS = [
    [],
    ["c-format"],
    ["python-format"],
    ["python-brace-format"],
    ["python-brace-format", "python-format"],
    ["no-c-format", "python-format"],
    ["c-format", "no-wrap"],
]


def format_catalog_sample(seed: int, count: int = 600) -> Catalog:
    rnd = random.Random(seed)
    vocabulary = DIRECTIVES + SCRIPTS + WORDS[:60]
    catalog = Catalog(header=list(HEADER))
    seen: set[str] = set()
    for _ in range(count):
        msgid = "".join(
            rnd.choice(vocabulary) + rnd.choice([" ", " ", ""]) for _ in range(rnd.randint(1, 30))
        )
        if msgid in seen:
            continue
        seen.add(msgid)
        flags = list(rnd.choice(FORMAT_FLAGS))
        msgstr = "".join(rnd.sample(vocabulary, 12)) + " " + msgid[: rnd.randint(0, 90)]
        message = Message(msgid=msgid, msgstr=msgstr, flags=flags)
        if rnd.random() < 0.2:
            message.previous_msgid = msgid[::-1]
            message.flags.insert(0, "fuzzy")
        catalog.messages.append(message)
    return catalog


@pytest.mark.needs_gettext
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_format_directives_and_scripts_survive_msgcat_byte_for_byte(
    tmp_path: Path, seed: int
) -> None:
    text = format_catalog(format_catalog_sample(seed))
    assert msgcat(tmp_path, text) == text


@pytest.mark.needs_gettext
def test_edge_cases_survive_msgcat_and_msgfmt(tmp_path: Path) -> None:
    long_word = "https://www.osce.org/" + "very-long-path/" * 8
    catalog = Catalog(header=list(HEADER), header_comments=["Edge cases."])
    catalog.messages = [
        Message(msgid="", msgctxt="empty msgid in a context", msgstr="пусто"),
        Message(msgid="Untranslated"),
        Message(msgid="Fuzzy but empty", flags=["fuzzy"]),
        Message(msgid='She said "no" \\ twice', msgstr="Она сказала «нет» \\ дважды"),
        Message(msgid="Tab\tinside", msgstr="Табуляция\tвнутри"),
        Message(msgid="Line one\nline two\n", msgstr="Строка один\nстрока два\n"),
        Message(msgid=long_word, msgstr=long_word),
        Message(msgid="x" * 77, msgstr="y" * 76),
        Message(msgid="Exactly at the edge " + "z" * 50, msgstr="Ровно на краю " + "я" * 56),
        Message(
            msgid="One delegate",
            msgid_plural="{n} delegates",
            msgstr_plural=["{n} делегат", "{n} делегата", "{n} делегатов"],
        ),
        Message(
            msgid="Changed sentence with a longer text that wraps over the page width easily",
            msgstr="Изменённое предложение",
            flags=["fuzzy"],
            previous_msgid="Old sentence with a longer text that wraps over the page width easily",
        ),
        Message(msgid="Removed", msgstr="Удалено", obsolete=True),
        Message(msgid="Removed, untranslated", obsolete=True),
        Message(
            msgid="Removed and fuzzy",
            msgstr="Удалено, неточно",
            obsolete=True,
            flags=["fuzzy"],
            previous_msgid="Removed and fuzzy earlier, with quite a long text to wrap it twice",
        ),
    ]
    text = format_catalog(catalog)
    assert msgcat(tmp_path, text) == text
    assert "Removed, untranslated" not in text
    assert '#, fuzzy\nmsgid "Fuzzy but empty"' not in text
    statistics = msgfmt_check(tmp_path, text)
    assert "translated messages" in statistics


@pytest.mark.needs_gettext
def test_flags_in_gettext_order_and_other_tools_flags_kept_after(tmp_path: Path) -> None:
    flags = ["read-only", "fuzzy", "python-format", "max-length:80", "no-wrap", "read-only"]
    message = Message(msgid="A", msgstr="Б", flags=flags)
    text = format_catalog(Catalog(header=list(HEADER), messages=[message]))
    assert "#, fuzzy, python-format, no-wrap, read-only, max-length:80\n" in text
    # msgcat would drop what gettext does not know: the only difference.
    assert msgcat(tmp_path, text) == text.replace(", read-only, max-length:80", "")


@pytest.mark.needs_gettext
@pytest.mark.parametrize(
    "written",
    [
        "fuzzy ignore-length",
        "ignore-numbers fuzzy",
        "fuzzy\tpython-format",
        "c-format  fuzzy,read-only",
        "range: 1..5 no-wrap",
        "range:1..5, fuzzy",
        "read-only ignore-numbers",
    ],
)
def test_flags_are_read_as_gettext_reads_them(tmp_path: Path, written: str) -> None:
    """gettext separates flags by commas or spaces: "#, fuzzy ignore-length", a check's flag
    added after a draft's fuzzy without a comma, is fuzzy to msgfmt, and was one flag
    "fuzzy ignore-length" here, the machine draft taken as reviewed. The catalog as read and
    written again is, to msgcat, the catalog as written."""
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        f'#, {written}\nmsgid "%d report"\nmsgid_plural "%d reports"\n'
        f'msgstr[0] "%d rapport"\nmsgstr[1] "%d rapports"\n'
    )
    message = read_catalog_bytes(text.encode(), path="fr.po").messages[0]
    assert message.fuzzy == ("fuzzy" in written)
    rewritten = format_catalog(read_catalog_bytes(text.encode(), path="fr.po"))
    assert msgcat(tmp_path, rewritten) == msgcat(tmp_path, text)


def test_a_range_with_no_range_takes_no_flag_of_the_next_line() -> None:
    """A bare "range:" ends a line, a translator's flag on the next: written on one line
    ("#, range:, ignore-numbers") and read again, the flag was taken as the range's."""
    text = '#, range:\n#, ignore-numbers\nmsgid "A"\nmsgstr "B"\n'
    once = read_catalog_bytes(text.encode(), path="fr.po")
    again = read_catalog_bytes(format_catalog(once).encode(), path="fr.po")
    assert once.messages[0].flags == again.messages[0].flags == ["ignore-numbers"]


def test_check_silencing_flags_are_kept() -> None:
    message = Message(msgid="A", msgstr="A", flags=["ignore-same-as-source", "fuzzy", "custom"])
    text = format_catalog(Catalog(header=list(HEADER), messages=[message]))
    assert "#, fuzzy, ignore-same-as-source, custom\n" in text


def test_other_tools_flags_survive_an_update(tmp_path: Path) -> None:
    from communique.catalog.merge import merge

    old = Catalog(
        header=list(HEADER),
        messages=[Message(msgid="Vienna", msgstr="", flags=["read-only", "max-length:12"])],
    )
    template = Catalog(header=list(HEADER), messages=[Message(msgid="Vienna")])
    merged, _ = merge(template, old)
    assert '#, read-only, max-length:12\nmsgid "Vienna"' in format_catalog(merged)


@pytest.mark.parametrize(
    ("value", "lines"),
    [
        ("Short", ['msgid "Short"']),
        ("", ['msgid ""']),
        ("Two\nlines", ['msgid ""', '"Two\\n"', '"lines"']),
        ("Ends with newline\n", ['msgid "Ends with newline\\n"']),
        (
            "The annual anti-trafficking meeting took place at the headquarters of the "
            "Council of Europe in Strasbourg.",
            [
                'msgid ""',
                '"The annual anti-trafficking meeting took place at the headquarters of the "',
                '"Council of Europe in Strasbourg."',
            ],
        ),
        ("x" * 71 + " yy", ['msgid ""', '"' + "x" * 71 + ' yy"']),
        ("x" * 90, ['msgid "' + "x" * 90 + '"']),
    ],
    ids=[
        "short",
        "empty",
        "newline-inside",
        "newline-at-end",
        "wrapped",
        "just-over",
        "unbreakable",
    ],
)
def test_wrap_string(value: str, lines: list[str]) -> None:
    assert list(wrap_string("", "msgid", value)) == lines


def test_no_wrap_keeps_one_line() -> None:
    value = "word " * 30
    assert list(wrap_string("", "msgid", value, None)) == [f'msgid "{value}"']


def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    return ctypes.CDLL(name) if name else None


@pytest.mark.needs_libunistring
def test_break_opportunities_match_libunistring() -> None:
    library = _libunistring()
    assert library is not None
    library.u8_possible_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    library.u8_possible_linebreaks.argtypes += [ctypes.c_char_p, ctypes.c_char_p]
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    possible = 2  # UC_BREAK_POSSIBLE

    def reference(text: str) -> list[bool]:
        data = text.encode("utf-8")
        result = ctypes.create_string_buffer(len(data))
        library.u8_possible_linebreaks(data, len(data), b"UTF-8", result)
        flags, offset = [], 0
        for char in text:
            flags.append(result.raw[offset] == possible)
            offset += len(char.encode("utf-8"))
        return flags

    samples = [" ".join(random.Random(seed).choices(WORDS, k=30)) for seed in range(300)]
    # Every Latin, Greek, Cyrillic, Armenian, Georgian and punctuation character in context.
    for code in [*range(0x20, 0x250), *range(0x370, 0x590), *range(0x10A0, 0x1100)]:
        char = chr(code)
        samples += [f"a{char}b c {char} 1{char}2 ({char}) «{char}» -{char}- .{char}."]
    for code in range(0x2000, 0x2070):
        samples.append(f"a{chr(code)}b c {chr(code)} d")
    mismatches = [text for text in samples if break_opportunities(text) != reference(text)]
    assert mismatches == []
    assigned = [
        char
        for code in [*range(0x20, 0x7F), *range(0xA0, 0x2FFF), *range(0x3000, 0x3100)]
        if unicodedata.category(char := chr(code)) != "Cn"
    ]
    wrong = [char for char in assigned if char_width(char) != library.uc_width(ord(char), b"UTF-8")]
    # Only marks whose width changed after Unicode 14 may differ.
    assert all(unicodedata.category(char) == "Mn" for char in wrong), wrong


# Characters that carry line-breaking state along the text (combining marks, joiners, flags,
# zero-width and mandatory breaks) and that are wide or zero-width, next to ordinary ones.
TRICKY = [*"\u0301\u200d\u200b\u2028\u00ad\u3000、。「」（）東京\u0e01\u0e34\x01", "\U0001f1eb"]
TRICKY += ["\U0001f600", "\U0001f3fb", "\u1100\u1161\u11a8", "\\n", '\\"', "\\\\", " ", "  "]


@pytest.mark.parametrize("seed", range(5))
def test_greedy_breaks_agree_with_the_whole_fill(seed: int) -> None:
    """The writer's fast fill looks only near the end of each line: it must give what filling
    with every break opportunity gives, whatever the text, width and forbidden breaks."""
    rnd = random.Random(seed)
    for _ in range(400):
        text = "".join(rnd.choice(WORDS + TRICKY) + rnd.choice(["", " "]) for _ in range(40))
        text = text[: rnd.randint(0, len(text))]
        unbreakable = {index for index in range(len(text)) if rnd.random() < 0.05}
        allowed = [a and i not in unbreakable for i, a in enumerate(break_opportunities(text))]
        for width, start in [(77, 6), (73, 13), (20, 3), (5, 0), (0, 0), (30, 40)]:
            expected = fill(text, allowed, width, start)
            assert greedy_breaks(text, width, start, unbreakable) == expected, (text, width)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reading_what_we_write_gives_it_back(seed: int) -> None:
    from communique.catalog.reader import read_catalog_bytes

    text = format_catalog(random_catalog(seed))
    catalog = read_catalog_bytes(text.encode("utf-8"), path="x.po")
    assert format_catalog(catalog) == text
    assert catalog.header == HEADER


WRITE_CASES = sorted((Path(__file__).parent / "write_cases").glob("*.po"))


@pytest.mark.needs_gettext
@pytest.mark.parametrize("case", WRITE_CASES, ids=[case.stem for case in WRITE_CASES])
def test_written_as_msgcat_writes(case: Path) -> None:
    """One file per class of difference from ``msgcat`` once found on real catalogs (format
    directives, widths and breaks of scripts, references, a file without or with only a
    header): read and written by communique, it comes out as msgcat writes it."""
    from communique.catalog.reader import read_catalog_bytes

    catalog = read_catalog_bytes(case.read_bytes(), path=case.name)

    def msgcat(*options: str) -> str:
        command = ["msgcat", *options, "--output-file=-", str(case)]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    # As the file is laid out: one line a string, however long, is kept so (msgcat --no-wrap).
    assert format_catalog(catalog) == msgcat(*(["--no-wrap"] if catalog.unwrapped else []))
    catalog.unwrapped = False  # and wrapped, as msgcat wraps it
    assert format_catalog(catalog) == msgcat()
    # Where the two layouts differ, each is told from the other: written again as it was.
    wrapped, unwrapped = msgcat(), msgcat("--no-wrap")
    if wrapped != unwrapped:
        for text in (wrapped, unwrapped):
            again = read_catalog_bytes(text.encode("utf-8"), path=case.name)
            assert format_catalog(again) == text
