"""Build the static site into ``site/`` in one step, all or nothing: every edition of it.

English is built at the root from ``mkdocs.yml``, then each other edition that ``extra.editions``
switches on at ``/<lang>/`` from ``mkdocs.<lang>.yml`` (which inherits ``mkdocs.yml``); last, the
steps over all of them (publishing.finish_site). The site is built into a temporary folder beside ``site/``
and swapped in only when every edition succeeds, so a failed build leaves the previous site as it
was. Problems in the data or the pages are printed one per line, with file and line, without a traceback.

Usage: python build/build_site.py [--config mkdocs.yml] [--site-dir site]
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import publishing  # noqa: E402  (build/publishing.py: the policy over every edition)


class _CollectWarnings(logging.Handler):
    """MkDocs logs what makes a strict build fail; keep those lines for the error report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path, docs_dir: Path | None = None) -> list[str]:
    """Build; return the problems found (empty on success). ``site_dir`` changes only on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    warnings = _CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    logger.propagate = False  # printed once, at the end, instead of as they come
    try:
        overrides = {"docs_dir": str(docs_dir)} if docs_dir else {}
        config = load_config(str(config_file), site_dir=str(staging), **overrides)
        build(config)
        # MkDocs empties its site_dir first: the editions go into their folders after English.
        for edition in config.extra["editions"][1:]:
            if edition.get("build", True):
                lang = edition["lang"]
                build(load_config(str(config_file.with_name(f"mkdocs.{lang}.yml")), site_dir=str(staging / lang)))
        publishing.finish_site(staging)
    except (PluginError, Abort, ConfigurationError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        # "Aborted with a BuildError!" says nothing the logged lines have not said.
        return warnings.lines + ([] if isinstance(error, Abort) else [str(error)])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(warnings)
        logger.propagate = True
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    args = parser.parse_args(argv)
    try:
        problems = build_site(args.config, args.site_dir)
    except Exception as error:  # a bug in the build code rather than in the content
        if args.debug:
            raise
        problems = [f"unexpected {type(error).__name__}: {error} (run `python build/build_site.py --debug` for the traceback)"]
    if problems:
        print("Build failed; the previous site was left as it was.", file=sys.stderr)
        for line in dict.fromkeys(problems):  # MkDocs can report one problem twice
            print(line, file=sys.stderr)
        return 1
    print(f"Built {args.site_dir}/")
    if not os.environ.get("SITE_URL"):
        print(f"SITE_URL is not set: links, previews and embed code point to {load_config(str(args.config)).site_url} (mkdocs.yml); "
              "set SITE_URL to the address the site will be served from")
    return 0


if __name__ == "__main__":
    sys.exit(main())
