"""Reader-facing words in an edition's language (issue 15; formats in data/i18n/README.md).

A catalogue is a flat JSON map, gettext-style: the English text is the key, ``{placeholders}``
included, and the value is the translation. ``data/i18n/en/strings.json`` lists every key the code
and templates use (tests/test_i18n.py checks it against the code); an edition's ``strings.json``
translates each one. English needs no file of its own: a key is its own English text.

Code marks a text for translation by calling ``_("...")`` (or ``N_("...")`` where the text is only
listed, to be translated later); the page scripts call ``t("...")`` and get their edition's texts
from a JSON file of the edition's, fetched with the scripts that need them (``script_words``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

I18N_DIR = Path(__file__).resolve().parent.parent / "data" / "i18n"
ENGLISH = "en"
# Each edition: its language, its name in its own language (the switcher) and its Open Graph locale.
LANGUAGES = {"en": ("English", "en_GB"), "ar": ("العربية", "ar_AR"), "ru": ("Русский", "ru_RU")}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def N_(text: str) -> str:
    """Marks a text for the catalogue where it is translated later (gettext's N_)."""
    return text


# A date's month in the two forms a date takes: on its own ("September 2015", in Russian the
# nominative "сентябрь 2015") and with a day ("30 September 2015", the genitive "30 сентября 2015").
MONTH_DATES = (N_("January {year}"), N_("February {year}"), N_("March {year}"), N_("April {year}"), N_("May {year}"),
               N_("June {year}"), N_("July {year}"), N_("August {year}"), N_("September {year}"), N_("October {year}"),
               N_("November {year}"), N_("December {year}"))
DAY_DATES = (N_("{day} January {year}"), N_("{day} February {year}"), N_("{day} March {year}"), N_("{day} April {year}"),
             N_("{day} May {year}"), N_("{day} June {year}"), N_("{day} July {year}"), N_("{day} August {year}"),
             N_("{day} September {year}"), N_("{day} October {year}"), N_("{day} November {year}"),
             N_("{day} December {year}"))
SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
                N_("Oct"), N_("Nov"), N_("Dec"))
# Plotly's layout.separators: the decimal mark, then the thousands separator.
SEPARATORS = N_(".,")
LIST_SEPARATOR = N_(", ")


class CatalogueError(ValueError):
    """An edition's strings.json is unreadable, incomplete or names texts the code no longer has."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Catalogue:
    """The texts of one edition. Calling it translates a text and fills in its placeholders."""

    lang: str = ENGLISH
    texts: dict[str, str] = field(default_factory=dict)  # English key -> translation (empty for English)

    def __call__(self, text: str, **values) -> str:
        translated = self.texts.get(text, text)
        return translated.format(**values) if values else translated

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    def date(self, date) -> str:
        """A PartialDate as readers of this edition write it: '30 September 2015', '30 أيلول 2015'."""
        if date.day:
            return self(DAY_DATES[date.month - 1], day=date.day, year=date.year)
        if date.month:
            return self(MONTH_DATES[date.month - 1], year=date.year)
        return str(date.year)

    def join(self, items) -> str:
        """Items of a list in running text: "Russia, Iran" ("روسيا، إيران")."""
        return self(LIST_SEPARATOR).join(items)

    @property
    def separators(self) -> str:
        return self(SEPARATORS)

    def short_month(self, month: int) -> str:
        return self(SHORT_MONTHS[month - 1])

    def number(self, value: float, decimals: int = 0) -> str:
        """Western digits in every edition; the separators are the edition's ("1,000", "1 000")."""
        point, thousands = (self.separators + ",")[:2]
        return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", point).replace("\0", thousands)


def template_words(words: Catalogue):
    """``_`` for Jinja templates: the translation is escaped once, and its placeholders take values that
    are escaped unless they are markup already (a link the template built)."""
    def translate(text: str, **values) -> Markup:
        return Markup(escape(words(text))).format(**values)
    return translate


def english_keys(i18n_dir: Path = I18N_DIR) -> dict[str, str]:
    return json.loads((i18n_dir / ENGLISH / "strings.json").read_text(encoding="utf-8"))


def catalogue_problems(lang: str, i18n_dir: Path = I18N_DIR) -> tuple[dict[str, str], list[str]]:
    """The edition's texts, and every problem with them: one line each, naming the file and, for a
    text, its line in the file."""
    path = i18n_dir / lang / "strings.json"
    shown = path.relative_to(i18n_dir.parent.parent) if path.is_relative_to(i18n_dir.parent.parent) else path
    try:
        source = path.read_text(encoding="utf-8")
        texts = json.loads(source)
    except OSError:
        return {}, [f"{shown}: file is missing; run `python build/i18n_stub.py {lang}` to start it"]
    except json.JSONDecodeError as error:
        return {}, [f"{shown}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})"]
    lines = {key: number for number, line in enumerate(source.split("\n"), 1)
             for key in [_json_key(line)] if key is not None}
    problems = []
    english = english_keys(i18n_dir)
    for key in english:
        translated = texts.get(key)
        where = f"{shown}:{lines.get(key, 1)}"
        if key not in texts:
            problems.append(f"{shown}: no translation of {json.dumps(key, ensure_ascii=False)}; run `python build/i18n_stub.py {lang}`")
        elif not isinstance(translated, str) or not translated.strip():
            problems.append(f"{where}: {json.dumps(key, ensure_ascii=False)} is not translated yet (null or empty)")
        elif set(PLACEHOLDER.findall(translated)) != set(PLACEHOLDER.findall(key)):
            problems.append(f"{where}: the translation of {json.dumps(key, ensure_ascii=False)} must keep the placeholders "
                            f"{', '.join('{' + name + '}' for name in sorted(set(PLACEHOLDER.findall(key)))) or '(none)'}")
    for key in texts.keys() - english.keys():
        problems.append(f"{shown}:{lines.get(key, 1)}: {json.dumps(key, ensure_ascii=False)} is not a text of the site "
                        f"(the English changed?); run `python build/i18n_stub.py {lang}`")
    return texts, problems


def _json_key(line: str) -> str | None:
    """The key a line of our pretty-printed JSON defines, for error messages."""
    match = re.match(r'\s*("(?:[^"\\]|\\.)*")\s*:', line)
    return json.loads(match.group(1)) if match else None


def load_catalogue(lang: str, i18n_dir: Path = I18N_DIR) -> Catalogue:
    if lang == ENGLISH:
        return Catalogue()
    texts, problems = catalogue_problems(lang, i18n_dir)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(lang, texts)


JS_CALL = re.compile(r"""\bt\(\s*"((?:[^"\\]|\\.)*)\"""")


def script_keys(scripts: list[Path]) -> list[str]:
    """The texts the page scripts ask for with t("...")."""
    return sorted({json.loads(f'"{text}"') for script in scripts for text in JS_CALL.findall(script.read_text(encoding="utf-8"))})


def script_words(words: Catalogue, scripts: list[Path]) -> str:
    """The page scripts' texts in the edition's language, as JSON; empty for English, where each key is
    its own text."""
    if words.lang == ENGLISH:
        return ""
    return json.dumps({key: words(key) for key in script_keys(scripts)}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
