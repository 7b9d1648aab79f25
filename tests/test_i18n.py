"""The editions' translation files: the English catalogue against the code, the data overlay's
validation, drift of translated pages and data, and which editions are complete."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))

import i18n_stub  # noqa: E402
from charts import DataError, load  # noqa: E402
from charts import translations  # noqa: E402

EDITIONS = [edition for edition in load_config(str(ROOT / "mkdocs.yml")).extra["editions"] if edition["lang"] != "en"]


def test_the_english_catalogue_lists_every_text_the_code_asks_for():
    """A text marked in the code, a template or a page script but missing from data/i18n/en/strings.json
    would stay English in every edition; a listed text no code uses would cost translators work."""
    listed = json.loads((ROOT / "data" / "i18n" / "en" / "strings.json").read_text(encoding="utf-8"))
    expected = i18n_stub.english_catalogue()
    assert listed == expected, ("data/i18n/en/strings.json is out of date: run `python build/i18n_stub.py en`; missing: "
                                f"{sorted(expected.keys() - listed.keys())[:5]}, unused: {sorted(listed.keys() - expected.keys())[:5]}")


@pytest.fixture
def translated_fixture(fixture_data: Path) -> Path:
    """The fixture dataset with a complete translation into a test language, 'xx'."""
    data = load(fixture_data)
    folder = fixture_data / "i18n" / "xx"
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "i18n" / "en", fixture_data / "i18n" / "en")
    for table in translations.translated_tables(data.package):
        rows = [{**dict(zip(translations.key_fields(data.package, table), key)),
                 **{name: f"xx {text}" if text else "" for name, text in texts.items()}, "english_hash": digest}
                for key, texts, digest in i18n_stub.data_rows(data, table)]
        _write(folder / f"{table}.csv", translations.header(data.package, table), rows)
    _write(folder / "categories.csv", translations.CATEGORY_COLUMNS,
           [{**c, "label": f"xx {c['label']}"} for c in translations.categories(data.package)])
    english = json.loads((ROOT / "data" / "i18n" / "en" / "strings.json").read_text(encoding="utf-8"))
    (folder / "strings.json").write_text(json.dumps({key: f"xx {key}" for key in english}, indent=1), encoding="utf-8")
    return fixture_data


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_a_translation_replaces_the_reader_facing_text_only(translated_fixture):
    english, edition = load(translated_fixture), load(translated_fixture, "xx")
    event, translated = english.events[0], edition.events[0]
    assert translated["title"] == "xx " + event["title"] and translated["summary"] == "xx " + event["summary"]
    assert (translated["id"], translated["date"], translated["source_ids"]) == (event["id"], event["date"], event["source_ids"])
    assert edition.sources == english.sources, "a source is cited in its own language"
    assert all(label.startswith("xx ") for label in edition.labels("events", "theme").values())
    assert edition.words("Timeline") == "xx Timeline"


def _edit(path: Path, edit) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(edit(lines)), encoding="utf-8")


@pytest.mark.parametrize("edit, message", [
    (lambda lines: lines[:2] + lines[3:], r"xx/events\.csv: no row for id '[a-z0-9-]+' \(data/events\.csv line 3\)"),
    (lambda lines: lines + ["atlantis,xx,xx,xx,0123456789ab"], r"xx/events\.csv:\d+:1: id 'atlantis' is not a row of data/events\.csv"),
    (lambda lines: [lines[0], re.sub(r",xx [^,]*", ",", lines[1], count=1)] + lines[2:], r"xx/events\.csv:2:2: title is empty"),
    (lambda lines: ["id,title,summary"] + lines[1:], r"xx/events\.csv:1:1: header is id,title,summary; expected id,title,summary,"),
    (lambda lines: [lines[0], lines[1].replace(",xx ", ",TRANSLATE: ", 1)] + lines[2:], r"xx/events\.csv:2:2: title is not translated yet"),
])
def test_a_bad_translation_file_stops_the_load_naming_file_line_and_column(translated_fixture, edit, message):
    _edit(translated_fixture / "i18n" / "xx" / "events.csv", edit)
    with pytest.raises(DataError) as error:
        load(translated_fixture, "xx")
    assert re.search(message, str(error.value)), str(error.value)


def test_an_untranslated_or_unknown_string_stops_the_load(translated_fixture):
    path = translated_fixture / "i18n" / "xx" / "strings.json"
    texts = json.loads(path.read_text(encoding="utf-8"))
    texts["Timeline"], texts["Not a text of the site"] = None, "xx"
    texts["Showing {shown} of {total} events."] = "xx {shown}"
    path.write_text(json.dumps(texts, indent=1, sort_keys=True), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(translated_fixture, "xx")
    message = str(error.value)
    assert re.search(r'xx/strings\.json:\d+: "Timeline" is not translated yet', message)
    assert re.search(r'xx/strings\.json:\d+: "Not a text of the site" is not a text of the site', message)
    assert "must keep the placeholders {shown}, {total}" in message


def test_the_stub_keeps_translations_and_marks_what_is_left(tmp_path, monkeypatch, capsys):
    """i18n_stub.py on a half-done edition: translated rows and strings stay, the rest is marked so that
    the build refuses it, and what is stale is named."""
    folder = tmp_path / "i18n" / "xx"
    monkeypatch.setattr(i18n_stub, "ROOT", tmp_path)
    data = load(ROOT / "data")
    i18n_stub.update_table(data, "issues", folder)
    rows = list(csv.DictReader((folder / "issues.csv").open(encoding="utf-8")))
    assert all(row["label"].startswith(translations.UNTRANSLATED) for row in rows)
    rows[0]["label"], rows[0]["question"] = "xx label", "xx question?"
    rows[1]["label"], rows[1]["english_hash"] = "xx other", "000000000000"
    _write(folder / "issues.csv", list(rows[0]), rows)
    todo, stale = i18n_stub.update_table(data, "issues", folder)
    again = list(csv.DictReader((folder / "issues.csv").open(encoding="utf-8")))
    assert again[0]["label"] == "xx label" and todo == len(rows) - 1
    assert len(stale) == 1 and f"issues.csv: {rows[1]['id']}: the English (label, question) changed" in stale[0]


def _drift(lang: str) -> list[str]:
    """Translated pages and data rows whose English changed since they were translated."""
    _, stale = i18n_stub.page_problems(lang)
    data = load(ROOT / "data")
    folder = ROOT / "data" / "i18n" / lang
    for table in translations.translated_tables(data.package):
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        current = {key: digest for key, _, digest in i18n_stub.data_rows(data, table)}
        keys, fields = translations.key_fields(data.package, table), translations.text_fields(data.package, table)
        for line, row in translations.read_rows(path, translations.header(data.package, table), []) or []:
            key = tuple(row[k] for k in keys)
            if all(row[name].startswith(translations.UNTRANSLATED) or not row[name] for name in fields) or key not in current:
                continue
            if row["english_hash"] != current[key]:
                stale.append(f"data/i18n/{lang}/{table}.csv:{line}: {'/'.join(key)}: data/{table}.csv's {', '.join(fields)} changed "
                             f"since it was translated: update the translation, then english_hash to {current[key]}")
    return stale


@pytest.mark.parametrize("lang", [edition["lang"] for edition in EDITIONS])
def test_no_translation_has_drifted_from_its_english(lang):
    stale = _drift(lang)
    assert not stale, "\n".join(stale)


def test_the_drift_test_names_a_page_whose_english_changed(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "xx").mkdir(parents=True)
    (docs / "about.md").write_text("# About\n\nOld words.\n", encoding="utf-8")
    (docs / "xx" / "about.md").write_text(f"---\ntranslated_from: {i18n_stub.page_hash(docs / 'about.md')}\n---\n# xx\n", encoding="utf-8")
    monkeypatch.setattr(i18n_stub, "DOCS", docs)
    monkeypatch.setattr(i18n_stub, "ROOT", tmp_path)
    monkeypatch.setattr(i18n_stub, "_edition_folders", lambda: {"xx"})
    assert i18n_stub.page_problems("xx") == ([], [])
    (docs / "about.md").write_text("# About\n\nNew words.\n", encoding="utf-8")
    missing, stale = i18n_stub.page_problems("xx")
    assert stale and stale[0].startswith("docs/xx/about.md: docs/about.md changed since it was translated")


def edition_problems(lang: str) -> list[str]:
    missing, _ = i18n_stub.page_problems(lang)
    try:
        load(ROOT / "data", lang)
    except DataError as error:
        missing += error.problems
    return missing


@pytest.mark.parametrize("edition", EDITIONS, ids=[edition["lang"] for edition in EDITIONS])
def test_an_edition_is_switched_on_when_and_only_when_its_translation_is_complete(edition):
    problems = edition_problems(edition["lang"])
    if edition.get("build", True):
        assert not problems, f"{edition['lang']} is built but incomplete:\n" + "\n".join(problems[:20])
    elif problems:
        pytest.skip(f"{edition['lang']} is incomplete ({len(problems)} problems, e.g. {problems[0]}); "
                    f"`python build/i18n_stub.py {edition['lang']}` lists them")
    else:
        pytest.fail(f"{edition['lang']} is complete: switch it on in mkdocs.yml (extra.editions: remove build: false)")
