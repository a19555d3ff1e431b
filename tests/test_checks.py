"""The checks: a table of real translation pairs with their exact findings, CLI and gate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.catalog import Catalog, Message
from communique.cli import cli
from communique.project import Project
from communique.qa.checks import CHECKS, IGNORABLE, check_catalog, silences_the_same
from communique.qa.findings import Entry, Severity
from communique.qa.gate import verdict
from communique.translate.glossary import Glossary, Term
from tests.stages import update

GLOSSARY = Glossary(
    (
        Term(
            "Council of Europe",
            {
                "fr": "Conseil de l'Europe",
                "de": "Europarat",
                "ru": "Совет Европы",
                "es": "Consejo de Europa",
                "it": "Consiglio d'Europa",
                "uk": "Рада Європи",
                "el": "Συμβούλιο της Ευρώπης",
            },
        ),
        Term("OSCE", {"fr": "OSCE", "de": "OSZE", "ru": "ОБСЕ", "es": "OSCE", "it": "OSCE"}),
    )
)

# (id, locale, English, translation, markup, expected "check: message" findings)
PAIRS: list[tuple[str, str, str, str, bool, list[str]]] = [
    # Clean translations: no false alarms on prose.
    (
        "clean-fr",
        "fr",
        "The meeting convened 130 delegates.",
        "La réunion a rassemblé 130 délégués.",
        False,
        [],
    ),
    (
        "decimal-comma-fr",
        "fr",
        "Turnout rose by 4.5 points.",
        "La participation a augmenté de 4,5 points.",
        False,
        [],
    ),
    (
        "grouping-nnbsp-fr",
        "fr",
        "Some 1,200 observers came.",
        "Quelque 1\u202f200 observateurs sont venus.",
        False,
        [],
    ),
    (
        "grouping-space-fr",
        "fr",
        "Some 1,200 observers came.",
        "Quelque 1 200 observateurs sont venus.",
        False,
        [],
    ),
    (
        "grouping-dot-de",
        "de",
        "Some 1,200 observers came.",
        "Rund 1.200 Beobachter kamen.",
        False,
        [],
    ),
    (
        "grouping-nbsp-ru",
        "ru",
        "Some 1,200 observers came.",
        "Прибыли около 1\u00a0200 наблюдателей.",
        False,
        [],
    ),
    # Digits a space apart: one number or several, whichever reading agrees with the English.
    ("phone-fr", "fr", "Call +43 1 514 36 6000.", "Appelez le +43 1 514 36 6000.", False, []),
    ("phone-ru", "ru", "Call +43 1 514 36 6000.", "Звоните: +43 1 514 36 6000.", False, []),
    (
        "grouping-space-es",
        "es",
        "Some 12,000 observers came.",
        "Vinieron unos 12 000 observadores.",
        False,
        [],
    ),
    (
        "grouping-space-de",
        "de",
        "Some 12,000 observers came.",
        "Rund 12 000 Beobachter.",
        False,
        [],
    ),
    (
        "grouping-and-phone-fr",
        "fr",
        "Some 12,000 came; call +43 1 514 36 6000.",
        "Quelque 12\u202f000 sont venus ; appelez le +43 1 514 36 6000.",
        False,
        [],
    ),
    # Numbers in other digits and scripts: CLDR's native Arabic digits and symbols, Persian's
    # by default; a number joined to a word where a language writes no space between them.
    (
        "arabic-indic-digits-ar",
        "ar",
        "Some 1,200 delegates came in 2023, 4.5 per cent more.",
        "حضر نحو ١٬٢٠٠ مندوب في عام ٢٠٢٣، أي بزيادة ٤٫٥ في المائة.",
        False,
        [],
    ),
    (
        "persian-digits-fa",
        "fa",
        "Some 1,200 delegates came, 4.5 per cent more.",
        "حدود ۱٬۲۰۰ نماینده آمدند، ۴٫۵ درصد بیشتر.",
        False,
        [],
    ),
    ("joined-year-ar", "ar", "Between 2020 and 2023.", "بين عامي 2020 و2023.", False, []),
    (
        "joined-number-zh",
        "zh",
        "Some 1,200 observers came, 4.5% more.",
        "约有1,200名观察员到场，增加了4.5%。",
        False,
        [],
    ),
    # A month English names is a number in Chinese, Japanese and Korean dates, and in numeric ones.
    ("date-zh", "zh", "On 7 June 2023 it began.", "2023年6月7日开始。", False, []),
    ("date-ja", "ja", "On 7 June 2023 it began.", "2023年6月7日に始まった。", False, []),
    ("date-ko", "ko", "On 7 June 2023 it began.", "2023년 6월 7일에 시작되었다.", False, []),
    ("date-numeric-de", "de", "On 7 Sept 2023 it began.", "Am 07.09.2023 begann es.", False, []),
    ("dateline-capitals-zh", "zh", "VIENNA, 7 JUNE 2023", "维也纳，2023年6月7日", False, []),
    ("dotted-month-zh", "zh", "On Aug. 15 it began.", "8月15日开始了。", False, []),
    ("month-range-ja", "ja", "Jan–Mar 2024", "2024年1月～3月", False, []),
    # Digits in a name, which the English reading leaves out, and numbers in words.
    ("name-digits-zh", "zh", "They met at COP28.", "他们在第28届大会上会面。", False, []),
    (
        "quarter-ja",
        "ja",
        "Growth slowed in Q1 2023.",
        "2023年第1四半期に成長が鈍化した。",
        False,
        [],
    ),
    ("g20-ko", "ko", "The G20 summit", "주요20개국 정상회의", False, []),
    (
        "number-words-ja",
        "ja",
        "Two ministers met three times.",
        "閣僚2人が3回会談した。",
        False,
        [],
    ),
    ("third-ko", "ko", "Shared with third parties.", "제3자와 공유했다.", False, []),
    # Sentence ends of other scripts, and the languages' own quotation marks.
    ("question-zh", "zh", "Was it enough?", "这足够吗？", False, []),
    # Chinese and Japanese need a third of the English's characters, each two columns wide.
    (
        "length-zh",
        "zh",
        "Recognizing the gravity of this issue and the imperative to act, the OSCE and the "
        "Council of Europe convened the meeting.",
        "认识到这一问题的严重性和采取行动的必要性，欧安组织和欧洲委员会召开了这次会议。",
        False,
        [],
    ),
    (
        "length-ja",
        "ja",
        "Recognizing the gravity of this issue and the imperative to act, the OSCE and the "
        "Council of Europe convened the meeting.",
        "この問題の深刻さと行動の必要性を認識し、OSCEと欧州評議会は会合を開催した。",
        False,
        [],
    ),
    ("stop-in-quotes-ja", "ja", 'He said "never".', "彼は「決して」と言った。", False, []),
    ("question-ar", "ar", "Was it enough?", "هل كان ذلك كافيا؟", False, []),
    ("question-el", "el", "Was it enough?", "Ήταν αρκετό;", False, []),
    ("question-hy", "hy", "Was it enough?", "Բավարա՞ր էր։", False, []),
    ("stop-hi", "hi", "The meeting ended.", "बैठक समाप्त हुई।", False, []),
    ("no-stop-th", "th", "No action selected.", "ไม่มีคำสั่งที่ถูกเลือก", False, []),
    ("question-particle-th", "th", "Are you sure?", "แน่ใจหรือไม่", False, []),
    ("question-particle-my", "my", "Are you sure?", "ဖျက်မှာ သေချာပါသလား။", False, []),
    ("greek-question-mark-el", "el", "Are you sure?", "Είστε σίγουροι\u037e", False, []),
    ("stop-zh-hant", "zh-Hant", "The meeting ended.", "會議結束了。", False, []),
    ("stop-am", "am", "The meeting ended.", "ስብሰባው ተጠናቀቀ።", False, []),
    ("question-dv", "dv", "Are you sure?", "ހަމަ ޔަގީން؟", False, []),
    ("quote-after-prefix-ar", "ar", 'He said "yes".', "وقال بـ«نعم».", False, []),
    ("nested-quotes-de", "de", "\"'Yes', he said.\"", "»›Ja‹, sagte er.«", False, []),
    ("arrow-de", "de", "Next", "Weiter ›", False, []),
    ("guillemets-ar", "ar", 'He said "never again".', "قال «لن يتكرر أبدا».", False, []),
    ("inward-guillemets-de", "de", 'He said "never again".', "Er sagte »nie wieder«.", False, []),
    ("capital-place-fr", "fr", "VIENNA", "VIENNE", False, []),
    ("apostrophe-fr", "fr", "The OSCE spoke.", "L'OSCE a parlé.", False, []),
    ("curly-apostrophe-fr", "fr", "The OSCE spoke.", "L’OSCE a parlé.", False, []),
    ("guillemets-fr", "fr", 'He said "never again".', "Il a dit « plus jamais ».", False, []),
    (
        "guillemets-nnbsp-fr",
        "fr",
        'He said "never again".',
        "Il a dit «\u202fplus jamais\u202f».",
        False,
        [],
    ),
    ("question-fr", "fr", "Was it enough?", "Était-ce suffisant\u202f?", False, []),
    ("question-es", "es", "Was it enough?", "¿Fue suficiente?", False, []),
    ("quotes-de", "de", 'He said "never again".', "Er sagte „nie wieder“.", False, []),
    ("quotes-ru", "ru", 'He said "never again".', "Он сказал «больше никогда».", False, []),
    ("date-ru", "ru", "On 7 June 2023 it began.", "7 июня 2023\u202fг. всё началось.", False, []),
    # The month of a date written out: another month is an error, as it is in digits.
    (
        "date-month-wrong-es",
        "es",
        "Applications close on 15 May 2025.",
        "Las solicitudes se cierran el 15 de junio de 2025.",
        False,
        ["numbers: numbers differ: May → junio (the month of a date)"],
    ),
    (
        "date-month-wrong-ru",
        "ru",
        "From 3 to 15 May 2025.",
        "С 3 по 15 июня 2025\u202fг.",
        False,
        ["numbers: numbers differ: May → июня (the month of a date)"],
    ),
    ("date-month-us-order-de", "de", "By June 7, 2023.", "Bis zum 7. Juni 2023.", False, []),
    (
        # A time in the sentence took the check off (another path through the numbers).
        "date-month-wrong-beside-a-time-es",
        "es",
        "Applications close at 10.30 on 15 May 2025.",
        "Las solicitudes se cierran a las 10:30 el 15 de junio de 2025.",
        False,
        ["numbers: numbers differ: May → junio (the month of a date)"],
    ),
    (
        # The second day of a span names the month too (the first was all the English had).
        "date-span-month-wrong-fr",
        "fr",
        "They meet on May 15 and 16.",
        "Ils se réunissent les 15 et 16 juin.",
        False,
        ["numbers: numbers differ: May → juin (the month of a date)"],
    ),
    (
        "date-span-month-wrong-ru",
        "ru",
        "Talks on May 15-16.",
        "Переговоры 15-16 июня.",
        False,
        ["numbers: numbers differ: May → июня (the month of a date)"],
    ),
    (
        "date-span-month-wrong-de",
        "de",
        "Talks on May 15-16.",
        "Gespräche am 15.–16. Juni.",
        False,
        ["numbers: numbers differ: May → Juni (the month of a date)"],
    ),
    (
        # A year a word away from "mai" (no more) is no date of it.
        "month-word-after-a-year-ro",
        "ro",
        "Since 1 June 2024, applications are no longer accepted.",
        "Începând cu 1 iunie 2024 nu mai sunt acceptate cereri.",
        False,
        [],
    ),
    (
        "month-word-after-a-year-first-ro",
        "ro",
        "In 2024, more than 300 observers came on 3 June 2024.",
        "În 2024 mai mult de 300 de observatori au venit pe 3 iunie 2024.",
        False,
        [],
    ),
    (
        # "mai" beside a number that is no day nor year of the English's dates: "more".
        "month-word-beside-a-count-ro",
        "ro",
        "On 7 June 2023, 20 more observers arrived.",
        "Pe 7 iunie 2023, au sosit cu 20 mai mulți observatori.",
        False,
        [],
    ),
    # "mai" is "more" in Romanian, "März" a month in German: only a month name beside a
    # number is a date's.
    (
        "month-word-not-a-date-ro",
        "ro",
        "On 7 June, more came.",
        "Pe 7 iunie, mai mulți au venit.",
        False,
        [],
    ),
    ("month-in-english-only-fr", "fr", "In May it began.", "En juin, cela commença.", False, []),
    ("two-months-fr", "fr", "From 30 May to 2 June.", "Du 30 mai au 2 juin.", False, []),
    ("date-de", "de", "On 7 June 2023 it began.", "Am 7. Juni 2023 begann es.", False, []),
    ("percent-it", "it", "Turnout was 75%.", "L'affluenza è stata del 75%.", False, []),
    ("glossary-ok-de", "de", "The Council of Europe met.", "Der Europarat tagte.", False, []),
    # Approved terms inflected by the grammar of the sentence (Snowball stems).
    (
        "glossary-genitive-ru",
        "ru",
        "Experts of the Council of Europe spoke.",
        "Выступили эксперты Совета Европы.",
        False,
        [],
    ),
    # Ukrainian, which Snowball has no stemmer for, and a Greek genitive its stemmer misses.
    (
        "glossary-genitive-uk",
        "uk",
        "Experts of the Council of Europe spoke.",
        "Виступили експерти Ради Європи.",
        False,
        [],
    ),
    (
        "glossary-genitive-el",
        "el",
        "Experts of the Council of Europe spoke.",
        "Μίλησαν εμπειρογνώμονες του Συμβουλίου της Ευρώπης.",
        False,
        [],
    ),
    (
        "glossary-genitive-de",
        "de",
        "A report of the Council of Europe.",
        "Ein Bericht des Europarates.",
        False,
        [],
    ),
    ("name-same-es", "es", "Helga Maria Schmid", "Helga Maria Schmid", False, []),
    (
        "link-kept-it",
        "it",
        "Read [the report](https://osce.org/r).",
        "Leggi [il rapporto](https://osce.org/r).",
        True,
        [],
    ),
    ("emphasis-kept-es", "es", "It is *urgent*.", "Es *urgente*.", True, []),
    ("code-kept-fr", "fr", "Run `communique draft`.", "Lancez `communique draft`.", True, []),
    ("ordinal-fr", "fr", "The 6th meeting.", "La 6e réunion.", False, []),
    (
        "email-kept-de",
        "de",
        "Write to press@osce.org.",
        "Schreiben Sie an press@osce.org.",
        False,
        [],
    ),
    # A large amount in the steps each language counts by: a hundred million, ten thousand
    # (Japanese and Korean in two steps), ten million.
    (
        "amount-in-yi-zh",
        "zh",
        "The budget is €138.2 million.",
        "预算为1.382亿欧元。",
        False,
        [],
    ),
    (
        "amount-in-two-steps-ja",
        "ja",
        "The budget is €138.2 million.",
        "予算は1億3820万ユーロです。",
        False,
        [],
    ),
    (
        "amount-in-two-steps-ko",
        "ko",
        "The budget is €138.2 million.",
        "예산은 1억 3820만 유로입니다.",
        False,
        [],
    ),
    (
        "amount-in-crore-hi",
        "hi",
        "The budget is €138.2 million.",
        "बजट 13.82 करोड़ यूरो है।",
        False,
        [],
    ),
    (
        "date-month-prefixed-he",
        "he",
        "The observation will continue until 30 June 2024.",
        "המעקב יימשך עד 30 ביוני 2024.",
        False,
        [],
    ),
    (
        "amount-scale-word-he",
        "he",
        "The programme reached 1.5 million people.",
        "התוכנית הגיעה ל-1.5 מיליון איש.",
        False,
        [],
    ),
    (
        "amount-native-digits-fa",
        "fa",
        "The programme reached 1.5 million people.",
        "این برنامه به ۱٫۵ میلیون نفر رسید.",
        False,
        [],
    ),
    # Errors.
    (
        # CLDR's Hebrew date is "d בMMMM y": the month's name with its preposition.
        "date-month-prefixed-wrong-he",
        "he",
        "The observation will continue until 30 June 2024.",
        "המעקב יימשך עד 30 ביולי 2024.",
        False,
        ["numbers: numbers differ: June → ביולי (the month of a date)"],
    ),
    (
        # CLDR's Hebrew words of scale begin with a right-to-left mark.
        "amount-same-digits-wrong-scale-he",
        "he",
        "The programme reached 1.5 million people.",
        "התוכנית הגיעה ל-1.5 מיליארד איש.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "amount-same-digits-wrong-scale-native-digits-fa",
        "fa",
        "The programme reached 1.5 million people.",
        "این برنامه به ۱٫۵ میلیارد نفر رسید.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "amount-same-digits-wrong-scale-native-digits-ar",
        "ar",
        "The programme reached 1.5 million people.",
        "وصل البرنامج إلى ١٫٥ مليار شخص.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        # The second amount, written in two steps, was read as the English's: the first,
        # ten times too large, passed.
        "amount-wrong-scale-beside-another-ja",
        "ja",
        "The programme reached 1.5 million people and cost €138.2 million.",
        "同計画は1.5億人に届き、費用は1億3820万ユーロだった。",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 150,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "amount-same-digits-wrong-scale-zh",
        "zh",
        "The budget is €138.2 million.",
        "预算为138.2万欧元。",
        False,
        [
            "numbers: numbers differ: 138,200,000 → 1,382,000 (the same digits, another word "
            "of scale)"
        ],
    ),
    (
        "amount-wrong-zh",
        "zh",
        "The budget is €138.2 million.",
        "预算为1.383亿欧元。",
        False,
        ["numbers: numbers differ: 138.2 → 1.383"],
    ),
    (
        "number-swapped",
        "fr",
        "The OSCE has 57 participating States.",
        "L'OSCE compte 75 États participants.",
        False,
        ["numbers: numbers differ: 57 → 75"],
    ),
    (
        "number-missing",
        "de",
        "The meeting convened 130 delegates.",
        "Die Sitzung versammelte Delegierte.",
        False,
        ["numbers: numbers differ: 130 → —"],
    ),
    (
        # The English's figure kept as written: the same number to a reader (French writes
        # 4,5, but a section number 16.2 or a time 10.30 as the English does: the check
        # cannot tell them apart, and the number is right).
        "decimal-point-kept-fr",
        "fr",
        "Turnout rose by 4.5 points.",
        "La participation a augmenté de 4.5 points.",
        False,
        [],
    ),
    (
        "decimal-point-changed-fr",
        "fr",
        "Turnout rose by 4.5 points.",
        "La participation a augmenté de 4.6 points.",
        False,
        ["numbers: numbers differ: 4.5 → 4, 6"],
    ),
    (
        "phone-digit-changed-fr",
        "fr",
        "Call +43 1 514 36 6000.",
        "Appelez le +43 1 514 36 6001.",
        False,
        ["numbers: numbers differ: 6000 → 6001"],
    ),
    (
        "grouping-space-wrong-es",
        "es",
        "Some 12,000 observers came.",
        "Vinieron unos 13 000 observadores.",
        False,
        ["numbers: numbers differ: 12000 → 13000"],
    ),
    (
        "year-wrong-ru",
        "ru",
        "In 2023 it began.",
        "В 2024 году всё началось.",
        False,
        ["numbers: numbers differ: 2023 → 2024"],
    ),
    (
        "arabic-indic-year-wrong-ar",
        "ar",
        "In 2023 it began.",
        "بدأ ذلك في عام ٢٠٢٤.",
        False,
        ["numbers: numbers differ: 2023 → 2024"],
    ),
    (
        "day-lost-month-written-ko",
        "ko",
        "Talks end on 7th June.",
        "회담은 6월에 끝난다.",
        False,
        ["numbers: numbers differ: 7 → 6"],
    ),
    # What the English writes otherwise excuses a number only written as the English means it.
    ("one-counted-de", "de", "There is one matching page.", "Es gibt 1 passende Seite.", False, []),
    (
        "no-one-de",
        "de",
        "No one was hurt.",
        "Es wurden 1 Personen verletzt.",
        False,
        ["numbers: numbers differ: — → 1"],
    ),
    (
        "name-digits-elsewhere-de",
        "de",
        "The G7 met two partners.",
        "Die G7 trafen 7 Partner.",
        False,
        ["numbers: numbers differ: — → 7"],
    ),
    (
        "month-not-a-date-fr",
        "fr",
        "Ministers from three countries met in June.",
        "Des ministres de 6 pays se sont réunis en juin.",
        False,
        ["numbers: numbers differ: — → 6"],
    ),
    (
        "surname-no-month-zh",
        "zh",
        "Theresa May met 3 leaders.",
        "特雷莎·梅会见了5位领导人。",
        False,
        ["numbers: numbers differ: 3 → 5"],
    ),
    (
        "month-wrong-zh",
        "zh",
        "On 7 June 2023 it began.",
        "2023年7月7日开始。",
        False,
        ["numbers: numbers differ: — → 7"],
    ),
    (
        "url-changed",
        "es",
        "See https://www.osce.org/press.",
        "Véase https://www.osce.org/es/press.",
        False,
        ["links: links differ: https://www.osce.org/press → https://www.osce.org/es/press"],
    ),
    (
        # A small number in words, as Russian style asks, in its case ("трёх", "трех").
        "number-in-words-ru",
        "ru",
        "The mission will stay for 3 months.",
        "Миссия пробудет там в течение трёх месяцев.",
        False,
        [],
    ),
    (
        "number-in-words-uk",
        "uk",
        "The mission will stay for 3 months and 21 days.",
        "Місія перебуватиме там протягом трьох місяців і двадцяти одного дня.",
        False,
        [],
    ),
    (
        "number-in-words-he",
        "he",
        "The mission will stay for 3 months.",
        "המשימה תישאר שלושה חודשים.",
        False,
        [],
    ),
    (
        "number-in-words-ar",
        "ar",
        "The mission will stay for 3 months.",
        "ستبقى البعثة ثلاثة أشهر.",
        False,
        [],
    ),
    (
        # One is the article too: a lost "1" stays an error; and "ön" (Turkish) is no "on".
        "one-is-no-article-fr",
        "fr",
        "Protocol No. 1 was signed by a State.",
        "Le Protocole a été signé par un État.",
        False,
        ["numbers: numbers differ: 1 → —"],
    ),
    (
        "accent-kept-tr",
        "tr",
        "10 experts held talks.",
        "Uzmanlar ön görüşmeler yaptı.",
        False,
        ["numbers: numbers differ: 10 → —"],
    ),
    (
        # Another number in words is still an error, and 30 is not "three".
        "wrong-number-in-words-ru",
        "ru",
        "The mission will stay for 3 months, then 30 days.",
        "Миссия пробудет там в течение двух месяцев, затем три дня.",
        False,
        ["numbers: numbers differ: 30 → —"],
    ),
    (
        # Hebrew abbreviations typed with the keyboard's '"' for gershayim (Dr, the IDF).
        "gershayim-he",
        "he",
        "Dr Cohen met the IDF.",
        'ד"ר כהן נפגש עם צה"ל.',
        False,
        [],
    ),
    (
        "ascii-quotes-he",
        "he",
        'He said "yes".',
        'הוא אמר "כן".',
        False,
        ["quotes: quotes: '\"' is not used in he; use ”…”"],
    ),
    (
        # Hebrew writes "and" as a prefix joined by a hyphen: the hyphen is not the address's.
        "email-after-a-prefix-he",
        "he",
        "Details: https://www.coe.int/a and press@coe.int.",
        "פרטים: https://www.coe.int/a ו-press@coe.int.",
        False,
        [],
    ),
    (
        # Arabic and Persian set their comma right after the word, as Chinese its own.
        "url-before-the-comma-fa",
        "fa",
        "Details: https://www.coe.int/a and press@coe.int.",
        "جزئیات: https://www.coe.int/a، و press@coe.int.",
        False,
        [],
    ),
    (
        "url-before-the-comma-zh",
        "zh",
        "See https://www.osce.org/press, then write.",
        "请参阅https://www.osce.org/press，然后来信。",
        False,
        [],
    ),
    (
        "url-changed-before-the-comma-ar",
        "ar",
        "See https://www.osce.org/press, then write.",
        "انظر https://www.osce.org/ar/press، ثم اكتب.",
        False,
        ["links: links differ: https://www.osce.org/press → https://www.osce.org/ar/press"],
    ),
    (
        # Inside emphasis: the address changed (the gate published it), or kept with its
        # emphasis dropped (the English was said to have no address).
        "email-in-emphasis-changed-es",
        "es",
        "Write to *press@osce.org* for accreditation.",
        "Escriban a *prensa@osce.org* para acreditarse.",
        True,
        ["links: links differ: press@osce.org → prensa@osce.org"],
    ),
    (
        "email-in-emphasis-kept-es",
        "es",
        "Write to **press@osce.org** or see ***https://osce.org/a***.",
        "Escriban a **press@osce.org** o vean ***https://osce.org/a***.",
        True,
        [],
    ),
    (
        # A bare www. address is a web address, not a file of the release.
        "www-address-changed-es",
        "es",
        "Details are at www.osce.org/press.",
        "Más detalles en www.example.com/prensa.",
        False,
        ["links: links differ: www.osce.org/press → www.example.com/prensa"],
    ),
    (
        "www-address-missing-es",
        "es",
        "Details are at www.osce.org/press.",
        "Más detalles en nuestro sitio web.",
        True,
        ["links: links differ: www.osce.org/press → —"],
    ),
    (
        "email-missing",
        "it",
        "Write to press@osce.org.",
        "Scrivete all'ufficio stampa.",
        False,
        ["links: links differ: press@osce.org → —"],
    ),
    (
        "emphasis-lost",
        "de",
        "It is *urgent*.",
        "Es ist dringend.",
        True,
        ["markup: markup differs: *…* → —"],
    ),
    (
        "emphasis-unbalanced",
        "fr",
        "It is **urgent**.",
        "C'est **urgent.",
        True,
        ["markup: markup unbalanced: a lone '**'"],
    ),
    (
        "code-translated",
        "es",
        "Run `draft`.",
        "Ejecute `borrador`.",
        True,
        ["markup: markup differs: `draft` → `borrador`"],
    ),
    (
        "escape-moved-by-apertium-es",  # Apertium's draft: "\\n" shown, a star lost
        "es",
        "The rate of 5 \\* 3 \\*is\\* not emphasis.",
        "La tasa de 5 \\* 3 \\no\\* es énfasis.",
        True,
        ["markup: markup: a backslash the page shows as written ('\\\\n')"],
    ),
    (
        "escape-moved-in-bold-es",  # (in emphasis too: only code and addresses are apart)
        "es",
        "**The budget \\*is\\* adopted.**",
        "**El presupuesto \\no\\* es adoptado.**",
        True,
        ["markup: markup: a backslash the page shows as written ('\\\\n')"],
    ),
    (
        # An escape a translation needs no more: the character as it is.
        "escapes-dropped-rightly-fr",
        "fr",
        "The \\#1 forum, C\\+\\+ and \\[sic\\], report\\_final.pdf, figures\\*.",
        "Le forum \\#1, C++ et [sic], report_final.pdf, chiffres¹.",
        True,
        [],
    ),
    (
        "escapes-kept-fr",
        "fr",
        "The rate of 5 \\* 3 \\*is\\* not emphasis, nor `a\\*b`.",
        "Le taux de 5 \\* 3 \\*n'est\\* pas emphase, ni `a\\*b`.",
        True,
        [],
    ),
    (
        # The site has the English's pictures and files alone: a translated path is a broken
        # picture, whatever flag a translator sets.
        "picture-path-translated-es",
        "es",
        "![Signing](images/signing.jpg) See [the programme](files/programme.pdf).",
        "![Firma](imagenes/firma.jpg) Vea [el programa](files/programme.pdf).",
        True,
        [
            "files: pictures or files differ: images/signing.jpg → imagenes/firma.jpg (the "
            "site has the English's alone: link those)"
        ],
    ),
    (
        # The same file written otherwise, a query: no other file. A link to the site's own
        # page in the reader's language is a link, which a translator may rightly change.
        "same-files-written-otherwise-fr",
        "fr",
        "![Signing](images/signing.jpg) [PDF](files/p.pdf) [announced](/en/x/) <x@osce.org>",
        "![Signature](./images/signing.jpg) [PDF](files/p.pdf?lang=fr) [annoncé](/fr/x/) "
        "<x@osce.org>",
        True,
        ["links: links differ: /en/x/ → /fr/x/"],
    ),
    (
        "link-out-of-the-release-fr",  # (a link in the project: no flag may let it through)
        "fr",
        "See [the statement](https://www.osce.org/en/s).",
        "Voir [la déclaration](../../../../communique.toml).",
        True,
        [
            "files: pictures or files differ: — → ../../../../communique.toml (the site has "
            "the English's alone: link those)",
            "links: links differ: https://www.osce.org/en/s → —",
        ],
    ),
    (
        "link-target-changed",
        "fr",
        "Read [it](https://osce.org/a).",
        "Lisez [le](https://osce.org/b).",
        True,
        ["links: links differ: https://osce.org/a → https://osce.org/b"],
    ),
    (
        "link-emptied-es",
        "es",
        "Read [the report](https://osce.org/r).",
        "Lea el informe [](https://osce.org/r).",
        True,
        ["markup: markup differs: […](…) → [](…)"],
    ),
    (
        "link-of-invisible-space-es",
        "es",
        "Read [the report](https://osce.org/r).",
        "Lea el informe [&nbsp;\u200b](https://osce.org/r).",
        True,
        ["markup: markup differs: […](…) → [](…)"],
    ),
    (
        "reference-link-emptied-fr",
        "fr",
        "See [the report][1].",
        "Voir le rapport [][1].",
        True,
        ["markup: markup differs: […](…) → [](…)"],
    ),
    (
        "unknown-word-mark",
        "es",
        "Bolstering the mandate.",
        "*Bolstering el mandato.",
        False,
        ["mt-leftovers: machine-translation mark left in the text: *Bolstering"],
    ),
    (
        "transfer-mark",
        "fr",
        "The talks ended.",
        "Les @discussions sont terminées.",
        False,
        ["mt-leftovers: machine-translation mark left in the text: @discussions"],
    ),
    (
        "hashtag-localized-fr",  # the English's own mark, translated
        "fr",
        "Join the campaign with #16Days and mention @OSCE_ODIHR.",
        "Rejoignez la campagne #16jours et mentionnez @OSCE_ODIHR.",
        False,
        [],
    ),
    (
        "handle-translated-fr",  # an account: another, or none
        "fr",
        "Follow @OSCE_SG for updates.",
        "Suivez @SecretaireGeneral pour les actualités.",
        False,
        ["mt-leftovers: machine-translation mark left in the text: @SecretaireGeneral"],
    ),
    (
        "footnote-asterisk-de",
        "de",
        "*All references to Kosovo are to be understood in full compliance with Resolution 1244.",
        "*Alle Bezugnahmen auf Kosovo sind in voller Übereinstimmung mit der Resolution 1244 "
        "zu verstehen.",
        False,
        [],
    ),
    (
        "unknown-word-beside-a-hashtag-es",  # one mark more than the English has
        "es",
        "Join #16Days to end violence.",
        "Únete a #16Días para *end la violencia.",
        False,
        ["mt-leftovers: machine-translation mark left in the text: *end"],
    ),
    (
        "section-number-kept-as-written-fr",  # (French reads 16.2 as two numbers)
        "fr",
        "It serves SDG target 16.2 and Article 10.2.",
        "Elle sert la cible 16.2 des ODD et l’article 10.2.",
        False,
        [],
    ),
    (
        "time-kept-as-written-de",
        "de",
        "The session starts at 10.30 CET.",
        "Die Sitzung beginnt um 10.30 Uhr MEZ.",
        False,
        [],
    ),
    (
        "time-in-its-own-way-fr",
        "fr",
        "The session starts at 10.30 CET.",
        "La séance commence à 10 h 30 HNEC.",
        False,
        [],
    ),
    (
        "time-changed-fr",
        "fr",
        "The session starts at 10.30 CET.",
        "La séance commence à 11 h 30 HNEC.",
        False,
        ["numbers: numbers differ: 10.3 → 11, 30"],
    ),
    (
        "decimal-amount-kept-as-written-fr",  # a French reader takes the comma for a point
        "fr",
        "The grant totals €1,200.50.",
        "La subvention s’élève à 1,200.50 €.",
        False,
        ["numbers: numbers differ: 1200.5 → 1.2, 50"],
    ),
    (
        "percentage-after-to-is-no-time-fr",
        "fr",
        "Inflation rose to 12.45 per cent.",
        "L’inflation a atteint 12 45 pour cent.",
        False,
        ["numbers: numbers differ: 12.45 → 12, 45"],
    ),
    (
        "times-swapped-fr",  # each hour with its own minutes
        "fr",
        "The session runs between 9.15 and 10.30.",
        "La séance a lieu entre 10 h 15 et 9 h 30.",
        False,
        ["numbers: numbers differ: 10.3, 9.15 → 10, 15, 30, 9"],
    ),
    (
        "time-in-words-ru",
        "ru",
        "The session opens at 10.30.",
        "Заседание открывается в 10 часов 30 минут.",
        False,
        [],
    ),
    (
        "time-with-uhr-de",
        "de",
        "The session opens at 10.30.",
        "Die Sitzung beginnt um 10 Uhr 30.",
        False,
        [],
    ),
    (
        "times-at-a-sentences-start-fr",  # "From", "h" with no spaces, "00" minutes
        "fr",
        "From 9.30 to 11.00, the talks ran.",
        "De 9h30 à 11 h 00, les pourparlers ont eu lieu.",
        False,
        [],
    ),
    (
        "time-after-noon-fr",
        "fr",
        "The reception starts at 8.30 p.m.",
        "La réception commence à 20 h 30.",
        False,
        [],
    ),
    (
        "time-before-its-zone-fr",  # (a time with no word before it: a traceback before)
        "fr",
        "Press conference: 10.30 CET, Hofburg.",
        "Conférence de presse : 10 h 30 HNEC, Hofburg.",
        False,
        [],
    ),
    (
        "time-before-am-de",
        "de",
        "9.15 a.m. Opening remarks",
        "9.15 Uhr Eröffnungsreden",
        False,
        [],
    ),
    (
        "amounts-joined-by-a-word-are-no-time-fr",
        "fr",
        "Prices rose from 4.50 to 5.20 euros.",
        "Les prix sont passés de 4 à 50 euros.",
        False,
        ["numbers: numbers differ: 4.5, 5.2 → 4, 50"],
    ),
    (
        "whole-hour-after-noon-fr",
        "fr",
        "The reception starts at 3 p.m.",
        "La réception commence à 15 h.",
        False,
        [],
    ),
    (
        "times-in-their-own-way-fr",
        "fr",
        "The session runs between 9.15 and 10.30.",
        "La séance a lieu entre 9 h 15 et 10 h 30.",
        False,
        [],
    ),
    (
        "grouped-figure-kept-as-written-de",  # German reads 1,200 as 1.2: an error still
        "de",
        "Some 1,200 observers were deployed.",
        "Etwa 1,200 Beobachter wurden entsandt.",
        False,
        ["numbers: numbers differ: 1200 → 1.2"],
    ),
    (
        "million-as-milliard-fr",  # a thousand times as much, the digits alike
        "fr",
        "The budget is €1.5 million.",
        "Le budget est de 1,5 milliard d’euros.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "billion-as-billion-fr",  # a false friend: French billion is 10¹²
        "fr",
        "The budget is €1.5 billion.",
        "Le budget est de 1,5 billion d’euros.",
        False,
        [
            "numbers: numbers differ: 1,500,000,000 → 1,500,000,000,000 (the same digits, "
            "another word of scale)"
        ],
    ),
    (
        "million-abbreviated-ru",
        "ru",
        "The budget is €1.5 million.",
        "Бюджет составляет 1,5 млрд евро.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "billion-in-millions-es",  # the same amount, other digits
        "es",
        "The budget is €1.5 billion.",
        "El presupuesto es de 1500 millones de euros.",
        False,
        [],
    ),
    (
        "billion-as-mil-millones-es",
        "es",
        "The budget is €1.5 billion.",
        "El presupuesto es de 1,5 mil millones de euros.",
        False,
        [],
    ),
    (
        "milliard-abbreviated-without-its-stop-de",
        "de",
        "The budget is €1.5 million.",
        "Der Haushalt beträgt 1,5 Mrd Euro.",
        False,
        [
            "numbers: numbers differ: 1,500,000 → 1,500,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "milliard-in-a-case-ending-pl",
        "pl",
        "It grew by 5 million.",
        "Wzrósł o 5 miliardami.",
        False,
        [
            "numbers: numbers differ: 5,000,000 → 5,000,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "mil-milhoes-is-a-billion-pt",  # "mil" (thousand) is no abbreviation "mi" (million)
        "pt",
        "The fund holds EUR 5 billion.",
        "O fundo dispõe de 5 mil milhões de euros.",
        False,
        [],
    ),
    (
        "abbreviation-is-no-word-el",  # "εκ." (million) is not in "εκλογικούς"
        "el",
        "The project, worth EUR 3 million, trained 3 election officials.",
        "Το έργο, αξίας 3 δισ. ευρώ, εκπαίδευσε 3 εκλογικούς υπαλλήλους.",
        False,
        [
            "numbers: numbers differ: 3,000,000 → 3,000,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "billion-as-the-usual-abbreviation-of-millions-el",  # "εκατ.", longer than CLDR's "εκ."
        "el",
        "The budget is €3.5 billion.",
        "Ο προϋπολογισμός είναι 3,5 εκατ. ευρώ.",
        False,
        [
            "numbers: numbers differ: 3,500,000,000 → 3,500,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "scale-in-capitals-tr",  # (İ casefolds to i and a dot: a traceback before)
        "tr",
        "It holds 5 billion lira.",
        "FON 5 MİLYON LİRA.",
        False,
        [
            "numbers: numbers differ: 5,000,000,000 → 5,000,000 (the same digits, another "
            "word of scale)"
        ],
    ),
    (
        "million-abbreviated-de",
        "de",
        "The budget is €1.5 million.",
        "Der Haushalt beträgt 1,5 Mio. Euro.",
        False,
        [],
    ),
    (
        "editorial-brackets-fr",  # an insertion in a quotation: text, as Markdown shows it
        "fr",
        "“We will act,” she said.",
        "« Nous [le Conseil] agirons », a-t-elle déclaré.",
        True,
        [],
    ),
    (
        "link-broken-by-a-space-fr",  # still a link lost
        "fr",
        "Read [the report](https://www.osce.org/odihr).",
        "Lisez [le rapport] (https://www.osce.org/odihr).",
        True,
        ["markup: markup differs: […](…) → —"],
    ),
    (
        "months-in-han-numerals-ja",  # no space between Japanese words
        "ja",
        "The mission lasted 23 months.",
        "ミッションは二十三か月続いた。",
        False,
        [],
    ),
    (
        "another-number-in-han-numerals-ja",  # 三 in 三十 is no three
        "ja",
        "The mission lasted 3 months.",
        "ミッションは三十か月続いた。",
        False,
        ["numbers: numbers differ: 3 → —"],
    ),
    (
        "months-in-han-numerals-zh",  # num2words writes no Chinese
        "zh",
        "The mission lasted 3 months and 23 days.",
        "任务持续了三个月又二十三天。",
        False,
        [],
    ),
    (
        "two-before-a-measure-word-zh",
        "zh-Hant",
        "2 experts visited 12 prisons.",
        "兩名專家訪問了十二所監獄。",
        False,
        [],
    ),
    (
        "another-number-in-han-numerals-zh",
        "zh",
        "The mission lasted 3 months.",
        "任务持续了三十个月。",
        False,
        ["numbers: numbers differ: 3 → —"],
    ),
    (
        "placeholder-left",
        "it",
        "Some 1,200 came.",
        "Sono venuti <x0/>.",
        False,
        ["mt-leftovers: placeholder left in the text: <x0/>", "numbers: numbers differ: 1200 → —"],
    ),
    (
        "whitespace-only",
        "ru",
        "The talks ended.",
        "   ",
        False,
        ["blank: the translation is only whitespace"],
    ),
    # Warnings.
    (
        "glossary-missing-fr",
        "fr",
        "The Council of Europe met.",
        "Le Conseil européen s'est réuni.",
        False,
        ["glossary: glossary: 'Council of Europe' should be \"Conseil de l'Europe\""],
    ),
    (
        "glossary-other-word-ru",
        "ru",
        "Experts of the Council of Europe spoke.",
        "Выступили эксперты Совета Евросоюза.",
        False,
        ["glossary: glossary: 'Council of Europe' should be 'Совет Европы'"],
    ),
    (
        "glossary-other-word-uk",
        "uk",
        "Experts of the Council of Europe spoke.",
        "Виступили експерти Ради ЄС.",
        False,
        ["glossary: glossary: 'Council of Europe' should be 'Рада Європи'"],
    ),
    (
        "glossary-missing-ru",
        "ru",
        "The OSCE met.",
        "OSCE провела встречу.",
        False,
        ["glossary: glossary: 'OSCE' should be 'ОБСЕ'"],
    ),
    (
        # A hashtag, an account and code are written as they are in every language: "@ОБСЕ"
        # would be another account. The term written out still counts.
        "glossary-hashtag-handle-code-ru",
        "ru",
        "Follow #OSCE and write to @OSCE: `OSCE` is the code.",
        "Следите за #OSCE и пишите @OSCE: `OSCE` — это код.",
        True,
        [],
    ),
    (
        "glossary-hashtag-and-term-ru",
        "ru",
        "The OSCE campaign is #OSCE.",
        "Кампания OSCE — это #OSCE.",
        True,
        ["glossary: glossary: 'OSCE' should be 'ОБСЕ'"],
    ),
    (
        # Every term the translation lacks, at once ("Европейский совет" is another body).
        "glossary-two-terms-missing-ru",
        "ru",
        "The OSCE thanked the Council of Europe.",
        "Организация поблагодарила Европейский совет.",
        False,
        [
            "glossary: glossary: 'OSCE' should be 'ОБСЕ'; 'Council of Europe' should be "
            "'Совет Европы'"
        ],
    ),
    (
        "same-as-source",
        "de",
        "Agendas for Discussion",
        "Agendas for Discussion",
        False,
        ["same-as-source: the translation is the English text"],
    ),
    # A contact block's line that is an address alone is kept as written in every language
    # (communique drafts it so); an English sentence around it is no address.
    ("same-as-source-address", "uk", "press@osce.org", "press@osce.org", False, []),
    ("same-as-source-web-address", "ar", "www.osce.org/press", "www.osce.org/press", False, []),
    (
        "same-as-source-address-in-a-sentence",
        "de",
        "Write to press@osce.org",
        "Write to press@osce.org",
        False,
        ["same-as-source: the translation is the English text"],
    ),
    (
        "full-stop-missing",
        "it",
        "The talks ended.",
        "I colloqui sono terminati",
        False,
        ["end-punctuation: ends without '.', the English ends with it"],
    ),
    (
        # CLDR's date ends with "г.", and the sentence's full stop was written after it.
        "full-stop-twice-ru",
        "ru",
        "It will report on 12 April 2024.",
        "Он доложит 12 апреля 2024 г..",
        False,
        ["end-punctuation: ends with '..': one full stop too many"],
    ),
    (
        "full-stop-after-abbreviation-ru",
        "ru",
        "It will report on 12 April 2024.",
        "Он доложит 12 апреля 2024 г.",
        False,
        [],
    ),
    (
        "question-became-stop",
        "de",
        "Was it enough?",
        "War es genug.",
        False,
        ["end-punctuation: ends with '.', the English with '?'"],
    ),
    (
        "question-became-stop-zh",
        "zh",
        "Was it enough?",
        "这足够了。",
        False,
        ["end-punctuation: ends with '。', the English with '?', which is '？' in zh"],
    ),
    (
        "semicolon-as-question-el",
        "el",
        "They met; it ended;",
        "Συναντήθηκαν· τελείωσε;",
        False,
        ["end-punctuation: ends with ';', which is '?' in el"],
    ),
    (
        "question-unmarked-hy",
        "hy",
        "Was it enough?",
        "Բավարար էր։",
        False,
        ["end-punctuation: ends with '։', the English with '?'"],
    ),
    (
        "html-in-plain-text",
        "fr",
        "Topics on the agenda",
        "Les sujets <b>à</b> l'ordre du jour",
        False,
        ["markup: HTML shown as written on the page: <b>, </b>"],
    ),
    (
        "entity-in-plain-text",
        "fr",
        "The Council",
        "Le&nbsp;Conseil",
        False,
        ["markup: HTML shown as written on the page: &nbsp;"],
    ),
    (
        "ascii-guillemets-and-comparisons-are-no-html",
        "fr",
        "The Council of Europe met; if x<y and y>z, it ends.",
        "Le <<Conseil de l'Europe>> s'est réuni ; si x<y et y>z, c'est fini.",
        False,
        [],
    ),
    (
        "entity-kept-from-the-english",
        "fr",
        "R&amp;D and R&D; budgets < 5",
        "Budgets R&amp;D et R&D; < 5",
        False,
        [],
    ),
    (
        "colon-for-stop-hy",
        "hy",
        "The talks ended.",
        "Բանակցություններն ավարտվեցին:",
        False,
        ["end-punctuation: ends with ':', the English with '.', which is '։' in hy"],
    ),
    (
        "stop-missing-ar",
        "ar",
        "Was it enough?",
        "هل كان ذلك كافيا",
        False,
        ["end-punctuation: ends without '?', the English ends with it, which is '؟' in ar"],
    ),
    (
        "stop-missing-ko",
        "ko",
        "Did he come?",
        "그가 왔니.",
        False,
        ["end-punctuation: ends with '.', the English with '?'"],  # (Korean writes "?")
    ),
    (
        "stop-missing-fa",
        "fa",
        "He came.",
        "او آمد",
        False,
        ["end-punctuation: ends without '.', the English ends with it"],  # (no "۔" in Persian)
    ),
    (
        "full-width-question-es",
        "es",
        "Really?",
        "¿De verdad？",
        False,
        ["end-punctuation: ends without '?', the English ends with it"],
    ),
    (
        "question-without-stop-hy",
        "hy",
        "Are you sure?",
        "Համոզված ե՞ք",
        False,
        ["end-punctuation: ends without a full stop (hy: '՞' asks)"],
    ),
    (
        "swiss-guillemets-de",
        "de",
        'He said "never again".',
        "Er sagte «nie wieder».",
        False,
        ["quotes: quotes: '«' does not open a quotation in de; use „…“ or »…«"],
    ),
    (
        "mixed-quotes-de",
        "de",
        'He said "never again".',
        "Er sagte „nie wieder«.",
        False,
        ["quotes: quotes: '«' does not close a quotation in de; use „…“ or »…«"],
    ),
    (
        "reversed-guillemets-ar",
        "ar",
        'He said "never again".',
        "قال »لن يتكرر أبدا«.",
        False,
        ["quotes: quotes: '»' does not open a quotation in ar; use ”…“ or «…»"],
    ),
    (
        "guillemets-es",  # the RAE's first quotation marks
        "es",
        '"We will act," she said.',
        "«Actuaremos», dijo.",
        False,
        [],
    ),
    (
        "english-quotes-nl",
        "nl",
        'He said "never again".',
        "Hij zei „nooit meer” en “nooit”.",
        False,
        [],
    ),
    (
        "low-high-quotes-he",
        "he",
        'He said "never again".',
        "הוא אמר „לעולם לא עוד”.",
        False,
        [],
    ),
    (
        "guillemets-cs",
        "cs",
        'He said "never again".',
        "Řekl »nikdy více«.",
        False,
        [],
    ),
    (
        "guillemets-before-arabic-marks-ar",  # «…»، «…»؛ «…»؟
        "ar",
        'He said "yes", then "no"; "why"?',
        "قال «نعم»، ثم «لا»؛ «لماذا»؟",
        False,
        [],
    ),
    (
        "guillemet-closed-by-another-mark-es",  # each closes what it opened
        "es",
        '"We will act," she said.',
        "Dijo «actuaremos”.",
        False,
        ["quotes: quotes: '”' closes '«', which '»' closes in es"],
    ),
    (
        "quoted-word-in-a-compound-de",  # „Ja“-Lager: a closing mark before a hyphen
        "de",
        'He said: "The "yes" camp won."',
        "Er sagte: »Das „Ja“-Lager hat gewonnen«.",
        False,
        [],
    ),
    (
        "quotation-before-a-dash-es",
        "es",
        '"The "no" - he said - was clear."',
        "«El “no”—dijo él— fue claro».",
        False,
        [],
    ),
    (
        "quotations-nested-es",
        "es",
        'She said: "He told us "yes" today."',
        "Dijo: «Nos dijo “sí” hoy».",
        False,
        [],
    ),
    (
        "guillemets-reversed-nl",  # (what a language's usage has, in its direction)
        "nl",
        'He said "never again".',
        "Hij zei ”nooit meer„.",
        False,
        ["quotes: quotes: '”' does not open a quotation in nl; use ‘…’ or “…”"],
    ),
    (
        "direction-mark-after-a-link-ar",  # (invisible: the address ends before it)
        "ar",
        "More information: https://www.osce.org/odihr.",
        "مزيد من المعلومات: https://www.osce.org/odihr\u200f.",
        False,
        [],
    ),
    (
        "stop-added-de",
        "de",
        "Next steps",
        "Nächste Schritte.",
        False,
        ["end-punctuation: ends with '.', the English does not"],
    ),
    (
        "french-space",
        "fr",
        "Was it enough?",
        "Était-ce suffisant?",
        False,
        ["end-punctuation: fr: put a no-break space before the final '?'"],
    ),
    (
        "spanish-inverted",
        "es",
        "Was it enough?",
        "Fue suficiente?",
        False,
        ["end-punctuation: es: a sentence ending with '?' opens with '¿'"],
    ),
    (
        "too-long",
        "fr",
        "The talks ended late in the evening.",
        "Les discussions, qui avaient commencé le matin même, se sont terminées tard "
        "dans la soirée, après de longues heures de débats et de nombreuses pauses.",
        False,
        ["length: the translation is 4.2 times as long as the English"],
    ),
    (
        "too-short-zh",
        "zh",
        "Recognizing the gravity of this issue, the OSCE and the Council of Europe met.",
        "欧安组织开会了。",
        False,
        ["length: the translation is 0.21 times as long as the English"],
    ),
    (
        "short-as-chinese-is-zh",  # 0.37 of the English, and all there
        "zh",
        "Are you sure you want to delete this group?",
        "确定要删除该组？",
        False,
        [],
    ),
    (
        "short-in-latin-letters-de",  # (the wide bound is for wide scripts only)
        "de",
        "Are you sure you want to delete this group of users?",
        "Gruppe löschen?",
        False,
        ["length: the translation is 0.29 times as long as the English"],
    ),
    (
        "double-space",
        "es",
        "The talks ended.",
        "Las  conversaciones terminaron.",
        False,
        ["whitespace: double space"],
    ),
    (
        "trailing-space",
        "it",
        "The talks ended.",
        "I colloqui sono terminati. ",
        False,
        ["whitespace: trailing whitespace differs from the English"],
    ),
    (
        "english-quotes-fr",
        "fr",
        'He said "never again".',
        "Il a dit “plus jamais”.",
        False,
        ["quotes: quotes: '“' is not used in fr; use «…»"],
    ),
    (
        "guillemets-unspaced-fr",
        "fr",
        'He said "never again".',
        "Il a dit «plus jamais».",
        False,
        ["quotes: fr: put a no-break space after '«'"],
    ),
    (
        "guillemet-closing-unspaced-fr",
        "fr",
        'He said "never again".',
        "Il a dit «\u00a0plus jamais».",
        False,
        ["quotes: fr: put a no-break space before '»'"],
    ),
    (
        "straight-quotes-de",
        "de",
        'He said "never again".',
        'Er sagte "nie wieder".',
        False,
        ["quotes: quotes: '\"' is not used in de; use „…“"],
    ),
    # Bidirectional controls: an override reorders what readers see (the "Trojan source"
    # trick); an isolate left open leaks its direction; balanced isolates are how
    # right-to-left text embeds a Latin name.
    (
        "bidi-override-ru",
        "ru",
        "The meeting convened 130 delegates.",
        "Встреча собрала 130 \u202eделегатов.",
        False,
        [
            "bidi-controls: a right-to-left override (U+202E) shows the text after it in "
            "another order than written; remove it"
        ],
    ),
    (
        "bidi-isolate-left-open-fr",
        "fr",
        "The meeting convened 130 delegates.",
        "La réunion a rassemblé \u2067130 délégués.",
        False,
        [
            "bidi-controls: an isolate (U+2066–8) is not closed (U+2069): its direction would "
            "run on past the sentence"
        ],
    ),
    # A NUL (or another control character) in a translation: gettext reads the string as
    # ending there, so a compiled catalog cut the sentence; update, check and build passed it.
    (
        "control-character-de",
        "de",
        "The meeting convened 130 delegates.",
        "Die Sitzung versammelte 130\x00 Delegierte.",
        False,
        ["control-characters: a control character (U+0000) at character 28: remove it"],
    ),
    (
        "noncharacter-de",
        "de",
        "The meeting convened 130 delegates.",
        "Die Sitzung versammelte 130\ufdd0 Delegierte.",
        False,
        ["control-characters: a noncharacter (U+FDD0) at character 28: remove it"],
    ),
    (
        "oversized-de",
        "de",
        "The meeting convened 130 delegates.",
        "Die Sitzung " + "sehr " * 20000 + "lang.",
        False,
        [
            "oversized: the translation is 100,017 characters long, more than any sentence "
            "(65,536 at most): it is not checked further"
        ],
    ),
    # An ordinal may be written in words or Roman numerals; another number is still wrong.
    (
        "ordinal-in-words-ar",
        "ar",
        "The 14th meeting opened.",
        "افتتح الاجتماع الرابع عشر.",
        False,
        [],
    ),
    (
        "ordinals-roman-fr",
        "fr",
        "The 3rd session of the 21st century.",
        "La 3e session du XXIe siècle.",
        False,
        [],
    ),
    (
        "ordinal-replaced-de",
        "de",
        "The 14th meeting opened.",
        "Die 15. Sitzung wurde eröffnet.",
        False,
        ["numbers: numbers differ: 14 → 15"],
    ),
    # The quotation marks CLDR gives Arabic (”…“) and German („…“) close the sentence.
    ("quoted-end-ar", "ar", 'He said: "We will return."', "وقال: ”سنعود.“", False, []),
    (
        "quoted-end-de",
        "de",
        'He said: "We will return."',
        "Er sagte: „Wir kommen zurück.“",
        False,
        [],
    ),
    (
        "placeholders-renamed-pl",
        "pl",
        "Press releases: {state}",
        "Komunikaty prasowe: {panstwo}",
        False,
        ["placeholders: placeholders differ: {state} → {panstwo}"],
    ),
    (
        "placeholders-kept-reordered-de",
        "de",
        "{organisation}: {state}",
        "{state} – {organisation}",
        False,
        [],
    ),
    (
        "bidi-isolates-balanced-ar",
        "ar",
        "The meeting in Vienna convened 130 delegates.",
        "جمع الاجتماع في \u2066Vienna\u2069 130 مندوبا.",
        False,
        [],
    ),
]


def findings_for(locale: str, source: str, translation: str, markup: bool) -> list[str]:
    catalog = Catalog(
        messages=[Message(source, translation, extracted_comments=["paragraph 1, sentence 1 of 1"])]
    )
    found = check_catalog(catalog, path="x.po", locale=locale, markup=markup, glossary=GLOSSARY)
    return [f"{finding.check}: {finding.message}" for finding in found]


@pytest.mark.parametrize(
    ("locale", "source", "translation", "markup", "expected"),
    [p[1:] for p in PAIRS],
    ids=[p[0] for p in PAIRS],
)
def test_pairs(
    locale: str, source: str, translation: str, markup: bool, expected: list[str]
) -> None:
    assert findings_for(locale, source, translation, markup) == expected


#: Pieces of English and of translations that reach the checks' rarer paths: months (dotted,
#: in capitals), numbers in words, digits in names, figures in several numbering systems,
#: sentence marks and quotation marks of several scripts, links and emphasis.
_PIECES = (
    "Aug. 15",
    "Sept. 5",
    "7 JUNE 2023",
    "Jan–Mar 2024",
    "Aug.",
    "Sept.",
    "3",
    "June",
    "JUNE",
    "May",
    "Jan",
    "Mar",
    "two",
    "third",
    "one",
    "G7",
    "COP28",
    "15",
    "7th",
    "1,200",
    "4.5",
    "2023",
    "١٬٢٠٠",
    "٤٫٥",
    "۲۰۲۳",
    "6月",
    "2023年",
    "제3자",
    "و2023",
    "。",
    "？",
    "؟",
    "։",
    "՞",
    "।",
    "။",
    ";",
    "\u037e",
    "·",
    "?",
    ".",
    ":",
    "…",
    "...",
    "«",
    "»",
    "„",
    "“",
    "”",
    "‹",
    "›",
    '"',
    "[x](https://osce.org)",
    "[](u)",
    "[&nbsp;](u)",
    "**",
    "*",
    "`c`",
    "{name}",
    "<x0/>",
    "OSCE",
    "Council of Europe",
    "Совета Европы",
)
_LOCALES = (
    "en",
    "fr",
    "de",
    "de-CH",
    "ru",
    "uk",
    "es",
    "it",
    "ar",
    "fa",
    "az-IR",
    "dv",
    "he",
    "zh",
    "zh-Hant",
    "ja",
    "ko",
    "el",
    "hy",
    "hi",
    "th",
    "my",
    "am",
    "bo",
    "sr-Latn",
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    data=st.data(),
    source=st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=8),
    locale=st.sampled_from(_LOCALES),
    markup=st.booleans(),
    spaced=st.booleans(),
)
def test_every_check_answers_any_text_in_any_script(
    data: st.DataObject, source: list[str], locale: str, markup: bool, spaced: bool
) -> None:
    """Each check gives a one-line finding or none, whatever the texts: no exception (a dotted
    'Aug.' once raised KeyError, and stopped check, build and publish). The translation is
    mostly the English's pieces in another order, with some of its own: most numbers agree,
    so the checks go past their first comparison."""
    kept = data.draw(st.permutations(source))
    added = data.draw(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=4))
    joiner = " " if spaced else ""
    entry = Entry(joiner.join(source) or "x", joiner.join(kept + added) or "y", locale, markup)
    for check in CHECKS:
        if check.entry is not None:
            found = check.entry(entry)
            assert found is None or (isinstance(found, str) and "\n" not in found), check.id


def test_the_table_covers_every_check_and_language() -> None:
    assert len(PAIRS) >= 40
    assert {p[1] for p in PAIRS} >= {"fr", "de", "ru", "es", "it"}
    covered = {finding.split(":")[0] for p in PAIRS for finding in p[5]}
    assert covered == {c.id for c in CHECKS} - {"essential-missing"}
    assert all(c.title and c.severity in Severity for c in CHECKS)
    assert len({c.id for c in CHECKS}) == len(CHECKS)


def test_a_flag_silences_one_check_on_one_entry() -> None:
    message = Message(
        "Agendas for Discussion", "Agendas for Discussion", flags=["ignore-same-as-source"]
    )
    assert check_catalog(Catalog(messages=[message]), path="x.po", locale="de") == []


@pytest.mark.parametrize(
    ("check", "english", "translation"),
    [
        ("blank", "The talks resumed.", " "),
        ("mt-leftovers", "Ministers met.", "Des *ministers se sont réunis."),
        ("markup", "The *interim* report.", "Le rapport intérimaire*."),
        ("placeholders", "Dear {name},", "Cher {nom},"),
        ("bidi-controls", "Vienna", "Vienne\u202e"),
        ("control-characters", "Vienna", "Vienne\x07"),
    ],
)
def test_a_flag_does_not_silence_a_check_no_translator_may_overrule(
    check: str, english: str, translation: str
) -> None:
    """Only the checks the README lists as a translator's to overrule (numbers, links, the
    warnings) heed an ``ignore-`` flag: a hand-written ``#, ignore-blank`` published a
    sentence in English under a complete French page, and ``#, ignore-mt-leftovers`` an
    Apertium mark. The finding stays, and says the flag changes nothing."""
    assert check not in IGNORABLE
    message = Message(english, translation, flags=[f"ignore-{check}"], line=4)
    catalog = Catalog(messages=[message])
    found = check_catalog(catalog, path="x.po", locale="fr", markup=check == "markup")
    assert [(f.check, f.severity) for f in found] == [(check, Severity.ERROR)]
    assert found[0].message.endswith(
        f" (#, ignore-{check} changes nothing: no translator may overrule this check)"
    )


def test_title_missing_in_an_otherwise_complete_version() -> None:
    catalog = Catalog(
        messages=[
            Message("Headline", "", extracted_comments=["title"], line=3),
            Message("Vienna", "Wien", extracted_comments=["dateline place"], line=7),
            Message("Text.", "Text.", extracted_comments=["paragraph 1, sentence 1 of 1"], line=11),
        ]
    )
    found = check_catalog(catalog, path="x.po", locale="de")
    assert [str(f) for f in found] == ["x.po:3: error: the title is not translated, the rest is"]
    catalog.messages[0].flags.append("ignore-essential-missing")
    assert check_catalog(catalog, path="x.po", locale="de") == []


def test_a_title_missing_among_drafts_is_no_error_in_reviewed_entries() -> None:
    """The rest machine drafts (fuzzy), the translator's rejected draft of the place left
    empty: "1 error in reviewed entries" failed CI on a version with none reviewed. The rest
    is not complete: the check waits for it."""
    catalog = Catalog(
        messages=[
            Message("Headline", "Schlagzeile", extracted_comments=["title"], flags=["fuzzy"]),
            Message("Vienna", "", extracted_comments=["dateline place"], line=7),
            Message(
                "Text.",
                "Text.",
                extracted_comments=["paragraph 1, sentence 1 of 1"],
                flags=["fuzzy"],
            ),
        ]
    )
    assert check_catalog(catalog, path="x.po", locale="de") == []


def test_a_title_missing_keeps_back_a_version_that_passes_otherwise() -> None:
    """Where the gate publishes versions not all reviewed (``min_complete`` below 100), a
    version with its title untranslated waits: its page would go out under the English."""
    catalog = Catalog(
        messages=[
            Message("Headline", "", extracted_comments=["title"]),
            *(
                Message(f"Text {n}.", f"Texte {n}.", extracted_comments=[f"paragraph {n}"])
                for n in range(8)
            ),
            Message("Text 8.", "Texte 8.", extracted_comments=["paragraph 8"], flags=["fuzzy"]),
            Message("Vienna", "Wien", extracted_comments=["dateline place"]),
        ]
    )
    findings = check_catalog(catalog, path="x.po", locale="de")
    judged = verdict(catalog, findings, min_complete=80)
    assert (judged.publishable, judged.reasons) == (
        False,
        ("the title is not translated (a version goes online with its title translated)",),
    )
    catalog.messages[0].msgstr = "Schlagzeile"
    assert verdict(catalog, check_catalog(catalog, path="x.po", locale="de"), 80).publishable


def test_each_check_runs_alone() -> None:
    """The registry is complete without importing anything else first (no import side effects)."""
    code = "from communique.qa.checks import CHECKS; print(' '.join(c.id for c in CHECKS))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == [
        "numbers",
        "links",
        "files",
        "markup",
        "placeholders",
        "mt-leftovers",
        "blank",
        "bidi-controls",
        "control-characters",
        "oversized",
        "essential-missing",
        "glossary",
        "same-as-source",
        "end-punctuation",
        "length",
        "whitespace",
        "quotes",
    ]


def test_gate() -> None:
    reviewed = [Message(f"Sentence {n}.", f"Satz {n}.", line=n) for n in range(1, 5)]
    complete = Catalog(messages=reviewed)
    assert verdict(complete, check_catalog(complete, path="x.po", locale="de")).publishable
    fuzzy = Catalog(messages=[*reviewed[:3], Message("Sentence 4.", "Satz 4.", flags=["fuzzy"])])
    judged = verdict(fuzzy, [])
    assert (judged.publishable, judged.reasons) == (
        False,
        ("1 fuzzy of 4 segments (75% reviewed, all needed)",),
    )
    assert verdict(fuzzy, [], min_complete=75).publishable
    incomplete = Catalog(messages=[*reviewed[:2], Message("Sentence 3."), Message("Sentence 4.")])
    assert verdict(incomplete, [], min_complete=75).reasons == (
        "2 untranslated of 4 segments (50% reviewed, 75% needed)",
    )
    failing = Catalog(messages=[*reviewed[:3], Message("There are 57.", "Es sind 75.", line=4)])
    findings = check_catalog(failing, path="x.po", locale="de")
    assert verdict(failing, findings).reasons == ("1 error in reviewed entries",)
    drafted = Catalog(
        messages=[*reviewed[:3], Message("There are 57.", "Es sind 75.", flags=["fuzzy"])]
    )
    findings = check_catalog(drafted, path="x.po", locale="de")
    assert [f.fuzzy for f in findings] == [True]
    assert verdict(drafted, findings).errors == 0


@pytest.fixture
def mixed(demo_dir: Path) -> Project:
    project = Project.load(demo_dir)
    update(project, locales=["fr"])
    path = project.catalog_path("2023-06-07-anti-trafficking-coordinators-meet", "fr")
    document = polib.pofile(str(path))
    for entry in document:
        entry.msgstr = entry.msgid  # a translator who copied everything...
    document[1].msgstr = "Strasbourg"
    document[4].msgstr = document[4].msgid.replace("130", "150")  # a wrong number
    document[5].msgstr = document[5].msgid.replace("130", "150")
    document[5].flags = ["fuzzy"]  # ...in a draft too
    document.save()
    return project


def test_cli_output_and_json(mixed: Project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(mixed.root), "check", "--locale", "fr"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    path = "locale/fr/LC_MESSAGES/2023-06-07-anti-trafficking-coordinators-meet.po"
    # Each finding, then the start of its English (Poedit and Weblate show no line numbers)
    # and, where keeping the translation can be right, the flag that keeps it.
    at = lines.index(f"{path}:55: error: numbers differ: 130 → 150")
    assert lines[at + 1] == (
        "  “With the participation of representatives from approximatel…” · "
        "if the translation is right: #, ignore-numbers"
    )
    at = lines.index(f"{path}:19: warning: the translation is the English text")
    assert lines[at + 1].endswith(" · if the translation is right: #, ignore-same-as-source")
    # The draft's finding is counted, not listed.
    assert not any("(fuzzy)" in line for line in lines)
    assert lines[-1] == (
        "1 error, 22 warnings in reviewed entries; 1 finding in drafts ('communique check "
        "--drafts' lists them); 0 of 1 versions publishable"
    )
    found = lines[:-1:2]
    assert all(line.startswith(f"{path}:") for line in found)
    assert all(line.startswith("  “") for line in lines[1:-1:2])
    assert [int(line.split(":")[1]) for line in found] == sorted(
        int(line.split(":")[1]) for line in found
    )
    drafts = runner.invoke(cli, ["-C", str(mixed.root), "check", "--locale", "fr", "--drafts"])
    assert f"{path}:67: warning: the translation is the English text (fuzzy)" in (
        drafts.stdout.splitlines()
    )
    assert drafts.stdout.splitlines()[-1] == (
        "1 error, 22 warnings in reviewed entries; 1 finding in drafts; 0 of 1 versions publishable"
    )
    assert result.stderr == "Error: 1 finding at or above 'error' in reviewed entries\n"
    data = json.loads(runner.invoke(cli, ["-C", str(mixed.root), "check", "--json"]).stdout)
    number = next(f for f in data["findings"] if f["check"] == "numbers")
    assert number == {
        "path": path,
        "line": 55,
        "severity": "error",
        "check": "numbers",
        "message": "numbers differ: 130 → 150",
        "msgid": number["msgid"],
        "fuzzy": False,
    }
    assert "130 delegates" in number["msgid"]
    assert data["summary"] == {
        "reviewed": {"errors": 1, "warnings": 22},
        "drafts": {"errors": 0, "warnings": 1},
        "versions": {"publishable": 0, "total": 5},  # (every locale: no --locale here)
        "unreadable_releases": 0,
    }
    french = next(v for v in data["versions"] if v["locale"] == "fr")
    assert french == {
        "release": "2023-06-07-anti-trafficking-coordinators-meet",
        "locale": "fr",
        "catalog": path,
        "publishable": False,
        "reasons": [
            "1 fuzzy of 25 segments (96% reviewed, all needed)",
            "1 error in reviewed entries",
        ],
    }
    warnings = runner.invoke(
        cli, ["-C", str(mixed.root), "check", "-l", "fr", "--fail-on", "warning"]
    )
    assert warnings.stderr == "Error: 23 findings at or above 'warning' in reviewed entries\n"


@pytest.mark.parametrize(
    ("flag", "old", "new", "translation", "kept"),
    [
        # The check finds the same: the translator's word still holds.
        (
            "ignore-numbers",
            "Some 60 countries sent 130 delegates.",
            "Some 60 countries sent as many as 130 delegates.",
            "Une soixantaine de pays ont envoyé 130 délégués.",
            True,
        ),
        # A number changed: what the flag excused is no longer all it would hide.
        (
            "ignore-numbers",
            "Some 60 countries sent 130 delegates.",
            "Some 60 countries sent 135 delegates.",
            "Une soixantaine de pays ont envoyé 130 délégués.",
            False,
        ),
        # A second glossary term: the flag excused the first alone.
        (
            "ignore-glossary",
            "The Council of Europe met.",
            "The Council of Europe met the OSCE.",
            "Le CdE a rencontré l'organisation.",
            False,
        ),
        (
            "ignore-glossary",
            "The Council of Europe met.",
            "The Council of Europe met again.",
            "Le CdE s'est réuni de nouveau.",
            True,
        ),
        # No entry check of that name (a version check, a typo): kept.
        ("ignore-essential-missing", "A.", "B.", "C.", True),
    ],
)
def test_an_ignore_flag_stays_only_while_it_silences_the_same(
    flag: str, old: str, new: str, translation: str, kept: bool
) -> None:
    assert silences_the_same(flag, old, new, translation, locale="fr", glossary=GLOSSARY) is kept


def test_inputs_that_raised_are_findings_or_nothing() -> None:
    """What a fuzzer found to raise, and so to stop check, build and publish for the whole
    project: an English number word or month typed with Turkish İ or ı, a thousand figures a
    space apart, links nested twelve hundred deep."""
    assert findings_for("tr", "OSCE SENDS FİVE OBSERVERS", "AGİT 5 GÖZLEMCİ GÖNDERDİ", False) == []
    assert findings_for("tr", "Fıve observers came.", "5 gözlemci geldi.", False) == []
    assert findings_for("tr", "ELECTİONS ON 21 APRİL", "21.04.2024 SEÇİMLERİ", False) == [
        "numbers: numbers differ: — → 2024"  # (the month read in the date; the year added)
    ]
    codes = "Codes: " + " ".join(["7"] * 1000) + "."
    found = findings_for("fr", codes, codes.replace("7.", "8."), False)
    assert found == ["numbers: numbers differ: 7 → 8"]
    nested = "[" * 1200 + "x" + "](https://a.org)" * 1200
    assert findings_for("fr", nested, nested + " y", True) == [
        "links: nested too deep to check (brackets or marks inside one another)",
        "markup: nested too deep to check (brackets or marks inside one another)",
    ]
