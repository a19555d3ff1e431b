"""Reading PO files: what translators' tools write is accepted, malformed files are refused."""

from __future__ import annotations

import dataclasses
import datetime
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.catalog import Message, format_catalog
from communique.catalog.model import GETTEXT_DATE, Header
from communique.catalog.reader import read_catalog_bytes
from communique.errors import CatalogError

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
    '"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def po(body: str, charset: str = "UTF-8") -> bytes:
    return (HEADER.format(charset=charset) + "\n" + body).encode("utf-8")


# What Poedit, Lokalize and Weblate write that gettext would lay out differently.
TOOL_OUTPUT = """\
# Traducteur : Anne
#. paragraph 2, sentence 1 of 1
#: source/a.txt:9
#, fuzzy, no-c-format
#| msgid "The old meeting"
msgid "The annual anti-trafficking meeting, jointly organized by the Office of the OSCE Special Representative, took place."
msgstr "La réunion annuelle contre la traite, organisée conjointement par le Bureau du Représentant spécial de l'OSCE, a eu lieu."

msgid ""
"Short "
"pieces"
msgstr "Morceaux "
"courts"

#, fuzzy
#~| msgid "Gone before"
#~ msgid "Gone"
#~ msgstr "Parti"

#~ msgid "Gone too"
#~ msgstr "Parti aussi\\""
"""
TOOL_OUTPUT = TOOL_OUTPUT.rstrip("\n")  # no final newline, as some tools save


def test_tool_output_is_read_whole() -> None:
    catalog = read_catalog_bytes(po(TOOL_OUTPUT).replace(b"\n", b"\r\n"), path="fr.po")
    assert catalog.header_value("Language") == "fr"
    first, second, gone, gone_too = catalog.messages
    assert first.translator_comments == ["Traducteur : Anne"]
    assert first.extracted_comments == ["paragraph 2, sentence 1 of 1"]
    assert first.references == [("source/a.txt", 9)]
    assert first.flags == ["fuzzy", "no-c-format"]
    assert first.previous_msgid == "The old meeting"
    assert first.msgstr.startswith("La réunion annuelle")
    assert first.line == 12
    assert (second.msgid, second.msgstr, second.line) == ("Short pieces", "Morceaux courts", 15)
    assert (gone.msgid, gone.obsolete, gone.fuzzy, gone.previous_msgid) == (
        "Gone",
        True,
        True,
        "Gone before",
    )
    assert (gone_too.msgstr, gone_too.obsolete) == ('Parti aussi"', True)


def test_reading_then_writing_changes_layout_only() -> None:
    catalog = read_catalog_bytes(po(TOOL_OUTPUT), path="fr.po")
    again = read_catalog_bytes(format_catalog(catalog).encode("utf-8"), path="fr.po")
    assert again.messages == [
        dataclasses.replace(message, line=again.messages[i].line)
        for i, message in enumerate(catalog.messages)
    ]


def test_plural_and_context_entries() -> None:
    body = (
        'msgctxt "menu"\nmsgid "One delegate"\nmsgid_plural "{n} delegates"\n'
        'msgstr[0] "{n} délégué"\nmsgstr[1] ""\n"{n} délégués"\n\n'
        '#~ msgid "Old"\n#~ msgid_plural "Olds"\n#~ msgstr[0] "Ancien"\n#~ msgstr[1] "Anciens"\n'
    )
    plural, old = read_catalog_bytes(po(body), path="fr.po").messages
    assert (plural.msgctxt, plural.msgid, plural.msgid_plural) == (
        "menu",
        "One delegate",
        "{n} delegates",
    )
    assert plural.msgstr_plural == ["{n} délégué", "{n} délégués"]
    assert (old.obsolete, old.msgstr_plural) == (True, ["Ancien", "Anciens"])


def test_escapes_are_read_as_gettext_reads_them() -> None:
    body = 'msgid "Tab\\there \\"q\\" back\\\\slash \\101\\x42"\nmsgstr ""\n'
    (message,) = read_catalog_bytes(po(body), path="fr.po").messages
    assert message.msgid == 'Tab\there "q" back\\slash AB'


def test_escaped_bytes_are_bytes_of_the_files_charset() -> None:
    """``msgcat -E`` writes each byte of a character as an octal escape: "\\320\\241" is "С"
    in a UTF-8 file, "\\351" is "é" in a Latin-1 one, as gettext reads them."""
    body = 'msgid "Strasbourg"\nmsgstr "\\320\\241\\xd1\\x82расбург"\n'
    (message,) = read_catalog_bytes(po(body), path="ru.po").messages
    assert message.msgstr == "Страсбург"
    raw = HEADER.format(charset="ISO-8859-1").encode() + b'\nmsgid "Cafe"\nmsgstr "Caf\\351"\n'
    (message,) = read_catalog_bytes(raw, path="fr.po").messages
    assert message.msgstr == "Café"


def test_a_charset_named_outside_the_header_says_nothing_of_the_file() -> None:
    """A translated ``<meta charset=…>`` is no Content-Type: the file without one is UTF-8; and
    where an entry with a msgctxt and an empty msgid comes before the header, the header's
    charset is the file's."""
    no_charset = 'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "<meta charset=latin1> Write"\n'
    raw = (no_charset + 'msgstr "<meta charset=latin1> Écrivez"\n').encode("utf-8")
    (message,) = read_catalog_bytes(raw, path="fr.po").messages
    assert message.msgstr == "<meta charset=latin1> Écrivez"
    first = 'msgctxt "page"\nmsgid ""\nmsgstr "charset=latin1"\n\n'
    raw = (first + HEADER.format(charset="UTF-8") + '\nmsgid "Café"\nmsgstr "Café"\n').encode()
    catalog = read_catalog_bytes(raw, path="fr.po")
    assert [m.msgstr for m in catalog.messages] == ["charset=latin1", "Café"]


def test_a_file_that_is_not_its_charset_says_which_charset_it_was_read_in() -> None:
    with pytest.raises(CatalogError) as named:
        read_catalog_bytes(
            po('msgid "Vienna"\nmsgstr "Vienne"\n').replace(b"nn", b"\xe9"), path="fr.po"
        )
    assert "(the header says charset=UTF-8)" in str(named.value)
    unnamed = b'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "Vienna"\nmsgstr "Vi\xe9nne"\n'
    with pytest.raises(CatalogError) as refused:
        read_catalog_bytes(unnamed, path="fr.po")
    assert str(refused.value) == "fr.po:5: invalid UTF-8 at byte 59 (the header names no charset)"


def test_a_catalog_saved_as_utf16_says_so() -> None:
    """An editor's "Unicode" (UTF-16, as Windows names it): saying which bytes are no UTF-8
    named no way out."""
    saved = po('msgid "Vienna"\nmsgstr "Vienne"\n').decode("utf-8").encode("utf-16")
    with pytest.raises(CatalogError) as refused:
        read_catalog_bytes(saved, path="fr.po")
    assert str(refused.value) == (
        "fr.po:1: UTF-16 text, not a catalog as gettext reads one: save it as UTF-8"
    )


@pytest.mark.parametrize("charset", ["ISO-8859-1", "windows-1251", "KOI8-R"])
def test_a_utf8_file_under_a_single_byte_charset_is_refused_not_garbled(charset: str) -> None:
    """An editor saved the catalog in UTF-8 under a header copied from a Latin-1 one: read as
    the header says, "réunion" would be "rÃ©union", published so and written back so. The
    file is refused at the header's line, with what to write."""
    raw = po('msgid "Meeting"\nmsgstr "Réunion à Страсбург"\n', charset)
    with pytest.raises(CatalogError) as refused:
        read_catalog_bytes(raw, path="fr.po")
    assert str(refused.value) == (
        f"fr.po:4: the header says charset={charset}, but the file is written in UTF-8 (read as "
        f"{charset}, its text would be garbled): write charset=UTF-8 in the header"
    )
    ascii_only = po('msgid "Meeting"\nmsgstr "Reunion"\n', charset)  # (nothing to garble)
    assert read_catalog_bytes(ascii_only, path="fr.po").messages[0].msgstr == "Reunion"


def test_other_charset_is_decoded() -> None:
    raw = HEADER.format(charset="ISO-8859-1").encode() + '\nmsgid "Café"\nmsgstr "Café"\n'.encode(
        "latin-1"
    )
    catalog = read_catalog_bytes(raw, path="fr.po")
    assert catalog.messages[0].msgstr == "Café"


# Lines gettext reads but rarely writes (a tab after msgctxt, nothing after msgid, two spaces
# after msgid_plural), and strings whose escapes the reader's quick path leaves to the exact one.
UNUSUAL = r"""# Traduction
#, fuzzy
msgid ""
msgstr "Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#, fuzzy, c-format, fuzzy
#| msgctxt "old "
#| "menu"
#| msgid "Old "
#| "one"
#| msgid_plural "Old "
#| "many"
msgctxt	"menu"
msgid"One"
msgid_plural  "Many"
msgstr[0] "Un "
"\"seul\"\n"
msgstr[01] "Plusieurs\tà la fois"

msgid "back\\nslash \\\"q\\\" \\"
msgstr ""
#~ "continued from an obsolete-looking line"

#~| msgid "Gone "
#~| "before"
#~ msgid "Gone"
#~ msgstr "Parti "
#~ "pour de bon"
"""


def test_unusual_lines_are_read_as_gettext_reads_them() -> None:
    catalog = read_catalog_bytes(UNUSUAL.encode("utf-8"), path="fr.po")
    assert (catalog.header_comments, catalog.header_fuzzy) == (["Traduction"], True)
    assert catalog.header_value("Plural-Forms") == "nplurals=2; plural=(n > 1);"
    assert catalog.messages == [
        Message(
            msgid="One",
            msgctxt="menu",
            msgid_plural="Many",
            msgstr_plural=['Un "seul"\n', "Plusieurs\tà la fois"],
            flags=["fuzzy", "c-format"],
            previous_msgctxt="old menu",
            previous_msgid="Old one",
            previous_msgid_plural="Old many",
            line=15,
        ),
        Message(
            msgid='back\\nslash \\"q\\" \\',
            msgstr="continued from an obsolete-looking line",
            line=21,
        ),
        Message(
            msgid="Gone",
            msgstr="Parti pour de bon",
            previous_msgid="Gone before",
            obsolete=True,
            line=27,
        ),
    ]


MALFORMED = [
    (
        "unterminated-string",
        po('msgid "Hello\nmsgstr "Bonjour"\n'),
        'fr.po:7: syntax error: the string is not closed: a " is missing at the end of the line',
    ),
    (
        "unknown-keyword",
        po('msgid "Hello"\nmsgtsr "Bonjour"\n'),
        "fr.po:8: syntax error: unexpected 'msgtsr'",
    ),
    (
        "merge-conflict-left-in",
        po('msgid "Hello"\n<<<<<<< HEAD\nmsgstr "Bonjour"\n=======\nmsgstr "Salut"\n>>>>>>> fr\n'),
        "fr.po:8: syntax error: unexpected '<<<<<<<' (a merge conflict left in it?)",
    ),
    (
        "bad-escape",
        po('msgid "Hello"\nmsgstr "Bon\\qjour"\n'),
        "fr.po:8: invalid escape sequence '\\q' in a string",
    ),
    (
        "c-escape-msgfmt-refuses",
        po('msgid "Hello"\nmsgstr "aujourd\\\'hui"\n'),
        "fr.po:8: invalid escape sequence '\\'' in a string: write ' alone",
    ),
    (
        "question-mark-escape",
        po('msgid "Hello"\nmsgstr "Quoi \\?"\n'),
        "fr.po:8: invalid escape sequence '\\?' in a string: write ? alone",
    ),
    (
        "bad-escape-obsolete",
        po('#~ msgid "Hello"\n#~ msgstr "Bon\\zjour"\n'),
        "fr.po:8: invalid escape sequence '\\z' in a string",
    ),
    (
        "duplicate",
        po('msgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Hello"\nmsgstr "Salut"\n'),
        "fr.po:10: duplicate message 'Hello' (first defined on line 7)",
    ),
    (
        "msgid-without-msgstr",
        po('msgid "Hello"\n\nmsgid "Bye"\nmsgstr ""\n'),
        "fr.po:9: syntax error: msgid without msgstr before it",
    ),
    (
        "msgstr-twice",
        po('msgid "Hello"\nmsgstr "Bonjour"\nmsgstr "Salut"\n'),
        "fr.po:9: syntax error: msgstr without msgid",
    ),
    (
        "dangling-string",
        b'"Hello"\n' + po('msgid "a"\nmsgstr "b"\n'),
        "fr.po:1: syntax error: a string continues nothing",
    ),
    (
        "msgstr-without-msgid",
        po('msgstr "Bonjour"\n'),
        "fr.po:7: syntax error: msgstr without msgid",
    ),
    (
        "invalid-utf8",
        po('msgid "Hello"\nmsgstr "Bonjour"\n') + b'\nmsgid "x"\nmsgstr "\xff"\n',
        "fr.po:11: invalid UTF-8 at byte 177 (the header says charset=UTF-8)",
    ),
    (
        "undecodable-charset",
        HEADER.format(charset="ASCII").encode() + '\nmsgid "x"\nmsgstr "é"\n'.encode(),
        "fr.po:8: invalid ASCII at byte 145 (the header says charset=ASCII)",
    ),
    (
        "keyword-in-previous",
        po('#| msgstr "x"\nmsgid "a"\nmsgstr "b"\n'),
        "fr.po:7: syntax error: msgstr in a previous-message comment",
    ),
    (
        "previous-string-continues-nothing",
        po('#| "x"\nmsgid "a"\nmsgstr "b"\n'),
        "fr.po:7: syntax error: a string continues nothing",
    ),
    (
        "comment-between-string-lines",
        po('msgid "a"\n# note\n"more"\nmsgstr "b"\n'),
        "fr.po:7: missing 'msgstr' section",  # (msgfmt's first error, at the msgid)
    ),
    # What msgfmt refuses and was read, the file rewritten by the next update: a comment
    # between msgid and msgstr, an entry obsolete in part, a lone '#| msgctxt'.
    (
        "comment-before-msgstr",
        po('msgid "a"\n# checked with the Strasbourg office\nmsgstr "b"\n'),
        "fr.po:7: missing 'msgstr' section",
    ),
    (
        "previous-after-msgid",
        po('msgid "a"\n#| msgid "x"\nmsgstr "b"\n'),
        "fr.po:7: missing 'msgstr' section",
    ),
    (
        "obsolete-in-part",
        po('#~ msgid "a"\nmsgstr "b"\n'),
        "fr.po:8: inconsistent use of #~",
    ),
    (
        "previous-context-alone",
        po('#| msgctxt "x"\nmsgid "a"\nmsgstr "b"\n'),
        "fr.po:8: syntax error: '#| msgctxt' without '#| msgid'",
    ),
    (
        "msgid-plural-without-msgid",
        po('# note\nmsgid_plural "a"\n'),
        "fr.po:8: syntax error: msgid_plural without msgid",
    ),
    (
        "last-msgid-without-msgstr",
        po('msgid "a"\nmsgstr "b"\n\nmsgctxt "c"\nmsgid "d"\n'),
        "fr.po:11: syntax error: msgid without msgstr",
    ),
    (
        "quote-inside",
        po('msgid "a"b"\nmsgstr ""\n'),
        'fr.po:7: syntax error: a string must be in double quotes, with \\" for a quote inside',
    ),
    (
        "escaped-closing-quote",
        po('msgid "a"\nmsgstr ""\n"b\\"\n'),
        'fr.po:9: syntax error: the string is not closed: a " is missing at the end of the line',
    ),
    (
        "unknown-charset",
        po('msgid "x"\nmsgstr "y"\n', charset="KLINGON-8"),
        "fr.po:4: unknown charset 'KLINGON-8' in the header",
    ),
    (
        "union-merged-header",
        (
            b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
            b'"Last-Translator: Alice <alice@example.org>\\n"\n'
            b'"Last-Translator: Bob <bob@example.org>\\n"\n'
            b'"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "y"\n'
        ),
        "fr.po:5: the header says 'Last-Translator' twice, 'Alice <alice@example.org>' and "
        "'Bob <bob@example.org>' (two versions of the file joined line by line, as git's "
        "'merge=union' does?): keep one, and check the translations near each change",
    ),
    (
        # (msgfmt takes it: read, a typo's billions of forms took minutes and gigabytes.)
        "nplurals-beyond-any-language",
        b'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=30000000000; plural=(n != 1);\\n"\n',
        "fr.po:1: nplurals=30000000000 in the header's Plural-Forms: no language has more "
        "than 6 plural forms; write the catalog's language's",
    ),
    (
        # (Past Python's 4,300 digits, int() raised a ValueError.)
        "nplurals-of-five-thousand-digits",
        b'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=' + b"9" * 5000 + b'; plural=0;\\n"\n',
        "fr.po:1: nplurals=9999999999999999999… in the header's Plural-Forms: no language has "
        "more than 6 plural forms; write the catalog's language's",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_files_are_one_line_errors(raw: bytes, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        read_catalog_bytes(raw, path="fr.po")
    assert str(caught.value) == message


READ_CASES = sorted((Path(__file__).parent / "read_cases").iterdir())


@pytest.mark.needs_gettext
@pytest.mark.parametrize("charset", ["UTF-8", "ISO-8859-5"])
def test_what_msgcat_escapes_is_read_as_the_file_it_escaped(tmp_path: Path, charset: str) -> None:
    """``msgcat --escape`` writes every byte outside ASCII as an octal escape: the escaped file
    reads as the same messages as the file itself."""
    body = 'msgid "Strasbourg, 7 June"\nmsgstr "Страсбург, 7 июня"\n'
    plain = tmp_path / "ru.po"
    plain.write_bytes((HEADER.format(charset=charset) + "\n" + body).encode(charset))
    escaped = tmp_path / "escaped.po"
    subprocess.run(["msgcat", "--escape", "-o", str(escaped), str(plain)], check=True)
    assert b"\\" in escaped.read_bytes()
    assert "С".encode(charset) not in escaped.read_bytes()
    read = read_catalog_bytes(escaped.read_bytes(), path="escaped.po")
    assert read.messages == read_catalog_bytes(plain.read_bytes(), path="ru.po").messages
    assert read.messages[0].msgstr == "Страсбург, 7 июня"


@pytest.mark.needs_gettext
@pytest.mark.parametrize("case", READ_CASES, ids=[case.name for case in READ_CASES])
def test_what_msgfmt_accepts_is_read_and_what_it_refuses_is_refused(case: Path) -> None:
    """One file per class of disagreement with ``msgfmt --check`` once found on real catalogs;
    a refused file says on its first line where and why communique refuses it."""
    first = case.read_text("utf-8").split("\n", 1)[0]
    if case.suffix == ".po":
        checked = subprocess.run(
            ["msgfmt", "--check", "--output-file=/dev/null", str(case)], capture_output=True
        )
        assert (checked.returncode == 0) == case.name.startswith("accepted-"), checked.stderr
    if not case.name.startswith("refused-"):
        read_catalog_bytes(case.read_bytes(), path=case.name)
        return
    expected = re.fullmatch(r"# refused at line (\d+): (.*)", first)
    assert expected is not None
    with pytest.raises(CatalogError) as refused:
        read_catalog_bytes(case.read_bytes(), path=case.name)
    assert str(refused.value) == f"{case.name}:{expected[1]}: {expected[2]}"


@settings(max_examples=400, deadline=None)
@given(
    st.from_regex(
        r"\A ?[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}[+-][0-9]{4} ?\Z", fullmatch=True
    )
)
def test_header_dates_are_read_as_strptime_reads_them(value: str) -> None:
    """The header's dates are read without strptime where gettext's form allows: the same
    moment, the same offset, and None where strptime refuses (a 30 February, +0260)."""
    try:
        expected = datetime.datetime.strptime(value.strip(), GETTEXT_DATE)
    except ValueError:
        expected = None
    read = Header.parse([("PO-Revision-Date", value)]).revised
    assert read == expected
    if read is not None and expected is not None:
        assert read.utcoffset() == expected.utcoffset()
        assert (read.tzinfo, read.isoformat()) == (expected.tzinfo, expected.isoformat())


def test_a_tool_s_own_header_field_twice_is_no_union_merge() -> None:
    """Two X-Generator lines (Poedit's and Weblate's) are read: msgfmt takes them, and no tool
    reads them; two Last-Translator lines are the sign of a union merge (MALFORMED)."""
    raw = (
        b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"X-Generator: Poedit 3.4\\n"\n'
        b'"X-Generator: Weblate 5.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "x"\nmsgstr "y"\n'
    )
    assert read_catalog_bytes(raw, path="fr.po").messages[0].msgstr == "y"


def test_a_format_hint_is_given_only_for_a_stray_sign() -> None:
    """The hint how to write a sign ("%%") is for a translation whose English has no directive:
    not for arguments mixed by name and position, which no doubled sign mends."""

    def refused(english: str, translation: str, flag: str) -> str:
        raw = po(f'#, {flag}\nmsgid "{english}"\nmsgstr "{translation}"\n')
        with pytest.raises(CatalogError) as caught:
            read_catalog_bytes(raw, path="fr.po")
        return str(caught.value)

    assert refused("%(n)s of %(m)s", "%(n)s de %s", "python-format").endswith("(python-format)")
    assert refused("Agendas", "Ordre du jour (100 %)", "python-format").endswith(
        "(python-format; a % sign is written %%, or the flag taken off if the English is no "
        "format string)"
    )


DIVEHI_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: dv\\n"\n\n'
)
LONG_LINE = "The annual meeting of National Anti-Trafficking Coordinators took place in Strasbourg"
THAANA = "އެއް ބެލެނިވެރި ސަފްހާ ތަރުޖަމާ ކުރެވިފައި ނުވާތީ އެއް locales ވަނީ ޑިސޭބަލް ކޮށްލާފައި"


@pytest.mark.parametrize(
    ("entries", "unwrapped"),
    [
        # One line, where gettext would have broken it at a space: a tool set not to wrap.
        (f'msgid "{LONG_LINE}"\nmsgstr "{LONG_LINE}"\n', True),
        (f'msgid ""\n"{LONG_LINE}\\n"\n"and more"\nmsgstr "x"\n', True),  # broken after \n only
        # Over 79 characters, within 79 columns: the vowel signs take none (gettext's own).
        (f'msgid "A locale is disabled."\nmsgstr "{THAANA}"\n', False),
        # No place to break: gettext writes such a word on one line too (an address it breaks
        # after a slash).
        (f'msgid "{"Trafficking" * 8}"\nmsgstr ""\n', False),
        (f'msgid "https://www.osce.org/{"x" * 90}"\nmsgstr ""\n', True),
        # Wider than the page in 50 characters, with no space: Japanese.
        (
            f'msgid "Meeting"\nmsgstr "{"人身取引対策調整官会議がストラスブールで開催された" * 2}"\n',
            True,
        ),
        # A long line, and a string wrapped elsewhere: a file gettext wrapped.
        (
            f'msgid "{LONG_LINE}"\nmsgstr ""\n"The annual meeting of national "\n"coordinators"\n',
            False,
        ),
        (
            f'msgid "{LONG_LINE}"\nmsgid_plural ""\n"{LONG_LINE[:74]}"\nmsgstr[0] ""\nmsgstr[1] ""\n',
            False,
        ),
        ('msgid "Short"\nmsgstr "Court"\n', False),  # nothing says: gettext's way
        # An entry told not to wrap says nothing of the others.
        (f'#, no-wrap\nmsgid "{LONG_LINE}"\nmsgstr ""\n', False),
    ],
)
def test_a_file_written_without_wrapping_is_told_from_one_gettext_wrapped(
    entries: str, unwrapped: bool
) -> None:
    """How a catalog's file is wrapped is kept when it is written again (a team whose tool
    does not wrap sees only what changed): told from the strings, as gettext measures them."""
    catalog = read_catalog_bytes((DIVEHI_HEADER + entries).encode("utf-8"), path="dv.po")
    assert catalog.unwrapped is unwrapped
