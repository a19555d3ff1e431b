"""The glossary: CSV and TBX, the demo's starter terms, and files that must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.translate.glossary import (
    Glossary,
    GlossaryError,
    Term,
    load_glossary,
    parse_glossary,
    uses_term,
)
from tests.conftest import REPOSITORY

TARGETS = ("fr", "de", "it", "ru", "es")


def load(tmp_path: Path, name: str, content: str | bytes) -> Glossary:
    folder = tmp_path / "locale"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return load_glossary(folder, TARGETS, display_root=tmp_path)


def test_demo_glossary_covers_the_institutions_in_every_language() -> None:
    glossary = load_glossary(REPOSITORY / "locale", TARGETS, display_root=REPOSITORY)
    by_english = {term.english: term for term in glossary.terms}
    for name in ("OSCE", "Council of Europe", "Strasbourg", "OSCE Secretary General"):
        assert sorted(by_english[name].translations) == sorted(TARGETS), name
    assert by_english["Council of Europe"].translations["de"] == "Europarat"
    assert by_english["OSCE"].translations["ru"] == "ОБСЕ"
    assert by_english["Strasbourg"].translations["de"] == "Straßburg"


def test_csv(tmp_path: Path) -> None:
    glossary = load(
        tmp_path,
        "glossary.csv",
        "en,fr,DE,pl,note\nCouncil of Europe,Conseil de l'Europe,Europarat,Rada Europy,name\n"
        '"Vienna, Austria","Vienne, Autriche",,,\n\n',
    )
    assert glossary.terms == (
        Term("Council of Europe", {"fr": "Conseil de l'Europe", "de": "Europarat"}, "name"),
        Term("Vienna, Austria", {"fr": "Vienne, Autriche"}, ""),
    )


def test_columns_tagged_with_a_region_serve_the_projects_language(tmp_path: Path) -> None:
    """A termbase tool's export tags languages with their region (fr-FR, de-DE): the project's
    French and German, which name none. Another French beside fr-FR is taken as written."""
    glossary = load(
        tmp_path,
        "glossary.csv",
        "en,fr-FR,de-DE,pt-PT,note\nCouncil of Europe,Conseil de l'Europe,Europarat,"
        "Conselho da Europa,\n",
    )
    assert glossary.terms == (
        Term("Council of Europe", {"fr": "Conseil de l'Europe", "de": "Europarat"}, ""),
    )
    tbx = load(
        tmp_path / "another",
        "glossary.tbx",
        TBX3.replace('xml:lang="fr"', 'xml:lang="fr-FR"').replace(
            "</conceptEntry>",
            '<langSec xml:lang="de-AT"><termSec><term>Europarat</term></termSec></langSec>'
            '<langSec xml:lang="de"><termSec><term>Der Europarat</term></termSec></langSec>'
            "</conceptEntry>",
        ),
    )
    assert tbx.terms == (
        Term("Council of Europe", {"fr": "Conseil de l'Europe", "de": "Der Europarat"}, ""),
    )


def test_a_termbases_deprecated_form_is_not_the_approved_one(tmp_path: Path) -> None:
    """A termbase lists the forms not to use beside the one to use (MultiTerm, TBX-Basic's
    administrativeStatus): the preferred form is approved, whatever the order; a deprecated
    one never is."""
    tbx = (
        '<?xml version="1.0"?><martif type="TBX-Basic" xml:lang="en"><text><body>'
        '<termEntry id="c1"><langSet xml:lang="en"><tig><term>Council of Europe</term></tig>'
        '</langSet><langSet xml:lang="de-DE"><tig><term>Rat von Europa</term><termNote '
        'type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig><tig><term>'
        'Europarat</term><termNote type="administrativeStatus">preferredTerm-admn-sts'
        '</termNote></tig></langSet><langSet xml:lang="fr-FR"><tig><term>Conseil européen'
        '</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
        "</tig></langSet></termEntry></body></text></martif>"
    )
    glossary = load(tmp_path, "glossary.tbx", tbx)
    assert glossary.terms == (Term("Council of Europe", {"de": "Europarat"}, ""),)


def test_a_lowercase_term_is_found_in_a_title_case_headline() -> None:
    """In a headline, not in a name of its own in running text (Human Rights Watch)."""
    glossary = Glossary(
        (
            Term("human trafficking", {"es": "trata de personas"}),
            Term("human rights", {"es": "derechos humanos"}),
        )
    )
    for text in (
        "OSCE Steps Up Fight Against Human Trafficking",
        "Human Trafficking, A Form of Humanitarian Crisis",
        "Human trafficking is a crime.",
    ):
        (match,) = glossary.find(text, "es")
        assert text[match.start : match.end].casefold() == "human trafficking", text
    for text in (
        "Human Rights Watch published a report on the region.",
        "The Human Trafficking Search database was updated.",
        "OSCE Secretary General Helga Maria Schmid welcomed Human Trafficking Search.",
        "Humantrafficking",
    ):
        assert glossary.find(text, "es") == [], text


def test_find_prefers_longest_and_respects_locale() -> None:
    glossary = Glossary(
        (
            Term("Council", {"fr": "Conseil"}),
            Term("Council of Europe", {"fr": "Conseil de l'Europe"}),
            Term("human trafficking", {"fr": "traite des êtres humains"}),
            Term("OSCE", {"de": "OSZE"}),
        )
    )
    text = "Human trafficking: the Council of Europe and the Council; OSCEAN OSCE."
    found = [(text[m.start : m.end], m.approved("fr")) for m in glossary.find(text, "fr")]
    assert found == [
        ("Human trafficking", "traite des êtres humains"),
        ("Council of Europe", "Conseil de l'Europe"),
        ("Council", "Conseil"),
    ]
    assert [text[m.start : m.end] for m in glossary.find(text, "de")] == ["OSCE"]


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
 <text><body>
  <termEntry id="c1">
   <descrip type="definition">Regional security organisation</descrip>
   <langSet xml:lang="en"><tig><term>OSCE</term></tig></langSet>
   <langSet xml:lang="de"><tig><term>OSZE</term></tig></langSet>
   <langSet xml:lang="ru"><tig><term>ОБСЕ</term></tig></langSet>
   <langSet xml:lang="pl"><tig><term>OBWE</term></tig></langSet>
  </termEntry>
 </body></text>
</martif>
"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core" style="dca" xml:lang="en">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="en-GB"><termSec><term>Council of Europe</term></termSec></langSec>
   <langSec xml:lang="fr"><termSec><term>Conseil de l'Europe</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (TBX, Term("OSCE", {"de": "OSZE", "ru": "ОБСЕ"}, "Regional security organisation")),
        (TBX3, Term("Council of Europe", {"fr": "Conseil de l'Europe"}, "")),
    ],
    ids=["tbx-basic", "tbx-v3"],
)
def test_tbx(tmp_path: Path, content: str, expected: Term) -> None:
    assert load(tmp_path, "glossary.tbx", content).terms == (expected,)


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<martif><text><body><termEntry>
<langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet>
<langSet xml:lang="fr"><tig><term>x</term></tig></langSet>
</termEntry></body></text></martif>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry>
<langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
<langSet xml:lang="fr"><tig><term>x</term></tig></langSet>
</termEntry></body></text></martif>
"""


UNDEFINED = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif><text><body><termEntry>
<langSet xml:lang="en"><tig><term>Foo&nbsp;bar</term></tig></langSet>
<langSet xml:lang="fr"><tig><term>x</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    ("content", "entity"),
    [(LAUGHS, "&lol3;"), (EXTERNAL, "&secret;"), (UNDEFINED, "&nbsp;")],
    ids=["billion-laughs", "external-entity", "undefined-entity"],
)
def test_an_entity_in_a_tbx_is_refused_and_never_expanded(
    tmp_path: Path, content: str, entity: str
) -> None:
    with pytest.raises(GlossaryError) as caught:
        load(tmp_path, "glossary.tbx", content)
    assert str(caught.value) == (
        f"locale/glossary.tbx:{content.count(chr(10), 0, content.index(entity)) + 1}: the entity "
        f"{entity} is not read (communique reads no DTD and expands no entity): write the "
        "character itself, or its number (&#160; for a no-break space)"
    )


def test_a_tbx_in_utf8_that_declares_latin_1_is_refused_not_garbled(tmp_path: Path) -> None:
    """A TBX re-saved in UTF-8 by a tool that kept ``encoding="ISO-8859-1"``: its terms were
    read garbled ("rÃ©union") and approved; as XLIFF is, it is refused at its declaration."""
    content = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<martif type="TBX" xml:lang="en"><text>'
        '<body><termEntry><langSet xml:lang="en"><tig><term>meeting</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>réunion</term></tig></langSet></termEntry></body>'
        "</text></martif>\n"
    )
    with pytest.raises(GlossaryError) as caught:
        load(tmp_path, "glossary.tbx", content)
    assert str(caught.value) == (
        "locale/glossary.tbx:1: not read as TBX: it declares encoding 'ISO-8859-1', but is "
        "written in UTF-8 (its letters would be read garbled): correct the declaration to "
        'encoding="UTF-8"'
    )
    as_declared = load(tmp_path, "glossary.tbx", content.encode("latin-1"))
    assert as_declared.terms == (Term("meeting", {"fr": "réunion"}, ""),)


ERRORS = [
    (
        "glossary.csv",
        "term,fr\nOSCE,OSCE\n",
        "locale/glossary.csv:1: the first column must be "
        "'en', then one column per target locale (e.g. en,fr,de,note)",
    ),
    (
        "glossary.csv",
        "en,xx\nOSCE,OSCE\n",
        "locale/glossary.csv:1: column 'xx': 'xx' is not a locale CLDR knows",
    ),
    (
        "glossary.csv",
        "en,fr\nOSCE,OSCE\nOSCE,O.S.C.E.\n",
        "locale/glossary.csv:3: 'OSCE' is listed twice (first on line 2)",
    ),
    ("glossary.csv", "en,fr\n,OSCE\n", "locale/glossary.csv:2: a row without an English term"),
    (
        # A comma not quoted shifts the row: Italian in the Russian column, published.
        "glossary.csv",
        "en,fr,ru,it\nOSCE,OSCE,ОБСЕ,OSCE\nCouncil of Europe, CoE,Conseil de l'Europe,"
        "Совет Европы,Consiglio d'Europa\n",
        "locale/glossary.csv:3: 5 cells, where the header has 4: a value that holds a comma "
        'goes in quotes ("a, b")',
    ),
    (
        "glossary.csv",
        "en,ru-RU,ru-BY\nOSCE,ОБСЕ,ОБСЕ-old\n",
        "locale/glossary.csv:1: columns 'ru-RU' and 'ru-BY' are both the project's 'ru': keep one",
    ),
    (
        # (The first column's terms were dropped without a word.)
        "glossary.csv",
        "en,fr,fr\nOSCE,OSCE2,OSCE\n",
        "locale/glossary.csv:1: columns 'fr' and 'fr' are both the project's 'fr': keep one",
    ),
    (
        "glossary.csv",
        "en,fr,FR\nOSCE,OSCE2,OSCE\n",
        "locale/glossary.csv:1: columns 'fr' and 'FR' are both the project's 'fr': keep one",
    ),
    (
        "glossary.csv",
        "en;fr\nOSCE;OSCE\n",
        "locale/glossary.csv:1: the columns are separated by ';', not commas (a spreadsheet's "
        "export in some languages): save it as CSV with commas",
    ),
    ("glossary.csv", b"en,fr\nCaf\xe9,Caf\xe9\n", "locale/glossary.csv:2: invalid UTF-8 at byte 9"),
    (
        "glossary.tbx",
        "<martif><text>",
        "locale/glossary.tbx:1: invalid TBX: "
        "Premature end of data in tag text line 1, line 1, column 15",
    ),
    # What a term holds goes into every draft that uses it: a NUL into the catalogs, where
    # GNU gettext reads it as the end of the string.
    (
        "glossary.csv",
        "en,es,note\nOSCE,OSCE,\nStrasbourg,Estras\x00burgo,\n",
        "locale/glossary.csv:3: a control character (U+0000) in 'Estras\\x00burgo': remove it",
    ),
    (
        "glossary.csv",
        "en,fr\nCouncil of Europe,Conseil de l\u2019Europe\x92\n",
        "locale/glossary.csv:2: a control character (U+0092) in "
        "'Conseil de l\u2019Europe\\x92': remove it",
    ),
    (
        "glossary.csv",
        "en,fr\nOSCE,\u202eECSO\n",
        "locale/glossary.csv:2: in '\\u202eECSO', a right-to-left override (U+202E) shows the "
        "text after it in another order than written; remove it",
    ),
    (
        "glossary.tbx",
        '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>OSCE</term></tig>'
        '</langSet>\n<langSet xml:lang="fr"><tig><term>OSCE\u0092</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "locale/glossary.tbx:2: a control character (U+0092) in 'OSCE\\x92': remove it",
    ),
    (
        "glossary.tbx",
        "<martif>\n<text>\x00</text></martif>",
        "locale/glossary.tbx:2: invalid TBX: Invalid character: Char 0x0 out of allowed range, "
        "line 2, column 7",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    ERRORS,
    ids=[
        "no-en",
        "bad-locale",
        "twice",
        "empty-term",
        "comma",
        "one-language-twice",
        "one-tag-twice",
        "one-tag-twice-in-two-cases",
        "semicolons",
        "utf8",
        "xml",
        "nul",
        "c1",
        "override",
        "tbx-c1",
        "tbx-nul",
    ],
)
def test_bad_glossaries(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        load(tmp_path, name, content)
    assert str(caught.value) == message


MEETING_RU = "совещание национальных координаторов и докладчиков по борьбе с торговлей людьми"


@pytest.mark.parametrize(
    ("translation", "approved", "locale", "uses"),
    [
        # Inflected: Snowball's stems, one letter apart at most (the Greek stemmer's
        # συμβουλι, συμβουλ); where Snowball has no stemmer (Ukrainian), an ending of two.
        ("Заседание Совета Европы", "Совет Европы", "ru", True),
        ("des Europarates", "Europarat", "de", True),
        ("Radzie Europy", "Rada Europy", "pl", True),
        ("του Συμβουλίου της Ευρώπης", "Συμβούλιο της Ευρώπης", "el", True),
        ("експерти Ради Європи", "Рада Європи", "uk", True),
        ("експерти Радою Європи", "Рада Європи", "uk", True),
        # Other words with the same beginning are not the term.
        ("Генеральный секретариат", "Генеральный секретарь", "ru", False),
        ("das Generalsekretariat", "Generalsekretärin", "de", False),
        ("przemyt", "przemoc", "pl", False),
        ("il parlamentare", "Parlamento", "it", False),
        ("le pain", "paix", "fr", False),
        ("Совета Евросоюза", "Совет Европы", "ru", False),
        ("Ради ЄС", "Рада Європи", "uk", False),
        # A coordination inside the term ("Coordinators and Rapporteurs"): "and" or "or" in
        # the language, and at most three words, before or after the conjunction.
        (MEETING_RU, "национальные координаторы по борьбе с торговлей людьми", "ru", True),
        (MEETING_RU, "национальные докладчики", "ru", True),
        (
            "des coordinateurs et rapporteurs nationaux de la lutte contre la traite",
            "coordinateurs nationaux de la lutte contre la traite",
            "fr",
            True,
        ),
        (
            "der nationalen Koordinatoren und Berichterstatter für die Bekämpfung des "
            "Menschenhandels",
            "nationale Koordinatoren für die Bekämpfung des Menschenhandels",
            "de",
            True,
        ),
        (
            "національних координаторів або доповідачів з протидії торгівлі людьми",
            "національні координатори з протидії торгівлі людьми",
            "uk",
            True,
        ),
        # Not another word in the gap, nor a longer one, nor another language's "and".
        ("le Conseil des ministres de l'Europe", "Conseil de l'Europe", "fr", False),
        (
            "национальных координаторов и многих других региональных докладчиков по борьбе с "
            "торговлей людьми",
            "национальные координаторы по борьбе с торговлей людьми",
            "ru",
            False,
        ),
        (
            "nationale Koordinatoren et Berichterstatter für die Bekämpfung des Menschenhandels",
            "nationale Koordinatoren für die Bekämpfung des Menschenhandels",
            "de",
            False,
        ),
        # Polish: a vowel that drops out of the stem, endings of two letters more.
        ("w sprawie zwalczania handlu ludźmi", "handel ludźmi", "pl", True),
        ("z koordynatorami krajowymi", "koordynatorzy krajowi", "pl", True),
        ("spotkanie w Kijowie", "Kijów", "pl", True),
        ("spotkanie w Wiedniu", "Wiedeń", "pl", True),
        ("przemyt ludzi", "handel ludźmi", "pl", False),
        # Ukrainian (no stemmer): a vowel that alternates in the stem, a dative ending.
        ("зустріч у Києві", "Київ", "uk", True),
        ("делегація до Львова", "Львів", "uk", True),
        ("Генеральний секретаріат ОБСЄ", "Генеральний секретар", "uk", False),
        # Ukrainian endings of three letters: a person's dative, the instrumental plural.
        ("лист Генеральному секретареві ОБСЄ", "Генеральний секретар", "uk", True),
        ("подякував Спеціальному представникові", "Спеціальний представник", "uk", True),
        ("зустрілися зі спостерігачами", "спостерігач", "uk", True),
        ("між місіями", "місія", "uk", True),
        ("лист Генеральному секретаріатові", "Генеральний секретар", "uk", False),
        ("бюджетове питання", "бюджет", "uk", False),  # (an adjective: "-ове", not "-ові")
        # German compounds hold the term: "Wahlbeobachter", "Europaratskonventionen".
        ("Mehr als 300 Wahlbeobachter wurden entsandt.", "Wahl", "de", True),
        ("Die Europaratskonventionen gelten.", "Europarat", "de", True),
        # An acronym is a word of its own.
        ("los coordinadores nacionales", "NAC", "es", False),
        ("Il governo conosce bene la situazione.", "OSCE", "it", False),
        ("la coexistence pacifique", "CoE", "fr", False),
        ("Les NAC se sont réunis.", "NAC", "fr", True),
        ("L'OSCE a salué la décision.", "OSCE", "fr", True),
        ("Генералният секретариат на ОССЕ", "Генерален секретар на ОССЕ", "bg", False),
        # ... written in full: "OSC" (another body's acronym in Spanish and French), a letter
        # of another script, a letter lost in a term's acronym are no form of it.
        ("Las OSC agradecieron la decisión.", "OSCE", "es", False),
        ("Die OSZ dankte.", "OSZE", "de", False),
        ("ОБСE поблагодарила.", "ОБСЕ", "ru", False),  # (a Latin E)
        ("Председательство в ОБС", "Председательство в ОБСЕ", "ru", False),
        ("Председательства в ОБСЕ", "Председательство в ОБСЕ", "ru", True),
        ("des OSZE-Vorsitzes", "OSZE-Vorsitz", "de", True),
        # ... but an acronym declined, as some languages do, with an ending in small letters.
        ("представитель МИДа заявил", "МИД", "ru", True),
        ("Die NGOs begrüßten es.", "NGO", "de", True),
        ("Las ONGs lo celebraron.", "ONG", "es", True),
        ("NATOn jäsenet", "NATO", "fi", True),
        ("Las OSCEXY lo celebraron.", "OSCE", "es", False),
        # Nor, in a term of several words, another body's acronym that begins as it does.
        ("UNODC-Büro", "UN-Büro", "de", False),
        ("Sitzung des UNHCR-Rates", "UN-Rat", "de", False),
        ("Ambasada Polski w Wiedniu", "ambasador", "pl", False),
        ("z ambasadorem", "ambasador", "pl", True),
        ("у Москві", "Київ", "uk", False),
        # Turkish: İ and I are i and ı, in a capital's sentence or headline.
        ("İnsan hakları evrenseldir.", "insan hakları", "tr", True),
        ("ULUSLARARASI İŞBİRLİĞİ", "uluslararası işbirliği", "tr", True),
    ],
)
def test_an_approved_term_is_found_inflected_not_in_another_word(
    translation: str, approved: str, locale: str, uses: bool
) -> None:
    assert uses_term(translation, approved, locale) is uses


def test_a_term_in_both_glossary_files_with_other_translations_is_refused(tmp_path: Path) -> None:
    """glossary.csv and glossary.tbx (a team moving to the TBX the README suggests) both give
    "OSCE", each its own Russian: the CSV won silently, and the TBX's edits were ignored. The
    same term the same in both is no conflict."""
    tbx = (
        '<?xml version="1.0"?><martif type="TBX-Basic" xml:lang="en"><text><body>'
        '<termEntry id="c1"><langSet xml:lang="en"><tig><term>OSCE</term></tig></langSet>'
        '<langSet xml:lang="ru"><tig><term>{}</term></tig></langSet></termEntry>'
        "</body></text></martif>"
    )
    load(tmp_path, "glossary.csv", "en,ru\nOSCE,ОБСЕ\n")
    same = load(tmp_path, "glossary.tbx", tbx.format("ОБСЕ"))
    assert [term.english for term in same.terms] == ["OSCE", "OSCE"]
    with pytest.raises(GlossaryError) as caught:
        load(tmp_path, "glossary.tbx", tbx.format("ОБСЕ-new"))
    assert str(caught.value) == (
        "locale/glossary.tbx: 'OSCE' is in locale/glossary.csv too, with another ru ('ОБСЕ', "
        "here 'ОБСЕ-new'): keep each term in one file"
    )


def test_of_two_columns_for_one_language_the_project_s_own_tag_is_it(tmp_path: Path) -> None:
    """An organisation-wide glossary with "fr" and "fr-CA" columns: the project's French is
    "fr", whichever comes first, as the TBX reader has it (it refused the file, and every
    command stopped)."""
    for header, row in (
        ("en,fr,fr-CA", "budget,budget,budget (CA)"),
        ("en,fr-CA,fr", "budget,budget (CA),budget"),
    ):
        glossary = load(tmp_path, "glossary.csv", f"{header}\n{row}\n")
        assert glossary.terms[0].translations["fr"] == "budget"


def test_a_tbx_term_with_inline_markup_is_read_as_written() -> None:
    """``CO<hi type="subscript">2</hi> emissions`` became "CO 2 emissions": a term no release
    writes, and the wrong form in drafts, checks and exports."""
    tbx = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en"><text>'
        '<body><termEntry id="c1"><langSet xml:lang="en"><tig><term>CO<hi type="subscript">2'
        '</hi> emissions</term></tig></langSet><langSet xml:lang="fr"><tig><term>émissions de '
        'CO<hi type="subscript">2</hi></term></tig></langSet></termEntry></body></text></martif>'
    )
    glossary = parse_glossary({"locale/glossary.tbx": tbx.encode()}, ["fr"])
    (term,) = glossary.terms
    assert (term.english, term.translations["fr"]) == ("CO2 emissions", "émissions de CO2")


@pytest.mark.parametrize("first", ["en-GB", "en-US", "EN", "en_GB"])
def test_a_csv_glossary_may_tag_its_english_column_with_a_region(first: str) -> None:
    """The source tagged as communique.toml tags it (``en-GB``) was refused: "the first
    column must be 'en'", where target columns may carry a region."""
    csv = f"{first},fr\nCouncil of Europe,Conseil de l'Europe\n"
    glossary = parse_glossary({"locale/glossary.csv": csv.encode()}, ["fr"])
    assert [term.translations["fr"] for term in glossary.terms] == ["Conseil de l'Europe"]
