"""Build and check the translation catalogs (Babel; a development tool, never shipped).

Sources: ``resources/i18n/<lang>/<area>.po`` — one PO file per area of the code, each edited by
the people who own that area. Build: every area file of a language is merged into one catalog and
compiled to ``fieldnotes/locale/<lang>/LC_MESSAGES/fieldnotes.mo``, which ``fieldnotes.i18n``
loads and build.spec ships.

    python packaging/catalogs.py build      # merge + compile every language (make catalogs)
    python packaging/catalogs.py check      # what is untranslated, fuzzy or inconsistent
    python packaging/catalogs.py pot [OUT]  # extract every marked string to a template
    python packaging/catalogs.py stale      # entries of the area files no source uses any more
    python packaging/catalogs.py prune      # remove those entries from the area files
    python packaging/catalogs.py init AREA  # start resources/i18n/<lang>/AREA.po for every language

Merging refuses a msgid that two area files translate differently (one sentence, one
translation), and a translation whose ``{placeholders}`` are not among the English ones (it
would raise KeyError at ``.format()``).
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "resources" / "i18n"
LOCALE_DIR = ROOT / "fieldnotes" / "locale"
DOMAIN = "fieldnotes"
LANGUAGES = ("zh_CN", "zh_TW")
CODE_DIRS = ("fieldnotes", "crypto", "ui")
# gettext keywords: _ and N_ take one string; ngettext two (singular, plural), and so does
# fieldnotes.wording.count (n first).
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2),
            "count": (2, 3)}  # fieldnotes.wording.count(n, singular, plural)
METHOD_MAP = [("**.py", "python")]
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}(?!\})")


class CatalogError(Exception):
    """A problem in the catalog sources, said in one sentence per problem."""


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` template ({0} and {} count as positional)."""
    return {m.group(1) or "" for m in _PLACEHOLDER.finditer(text)}


class Extracted:
    """One marked string in the code: its msgid (a tuple for plurals) and where it is."""

    def __init__(self, msgid: str | tuple[str, str]):
        self.msgid = msgid
        self.locations: list[tuple[str, int]] = []

    @property
    def key(self) -> str:
        return self.msgid[0] if isinstance(self.msgid, tuple) else self.msgid


def extract(root: Path = ROOT) -> dict[str, Extracted]:
    """Every string marked with _(), N_() or ngettext() in fieldnotes/, crypto/ and ui/."""
    found: dict[str, Extracted] = {}
    for sub in CODE_DIRS:
        folder = root / sub
        if not folder.is_dir():
            continue
        for filename, lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue  # _(variable): nothing to translate here
            if isinstance(message, tuple):
                message = tuple(message[:2])
            entry = found.setdefault(
                message[0] if isinstance(message, tuple) else message, Extracted(message))
            if isinstance(message, tuple):
                entry.msgid = message
            entry.locations.append((f"{sub}/{filename}", lineno))
    return found


def area_files(lang: str, sources: Path = SOURCES) -> list[Path]:
    return sorted((sources / lang).glob("*.po"))


def _strings(message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return list(message.string)
    return [message.string]


def merge(lang: str, sources: Path = SOURCES) -> Catalog:
    """One catalog from every area file of ``lang``; CatalogError lists every conflict."""
    merged = Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
    origin: dict[str, str] = {}
    problems: list[str] = []
    for path in area_files(lang, sources):
        with path.open("rb") as fh:
            try:
                catalog = read_po(fh, locale=lang, domain=DOMAIN)
            except Exception as exc:  # a syntax error in a PO file
                raise CatalogError(f"{path.relative_to(sources.parent.parent)}: {exc}") from exc
        for message in catalog:
            if not message.id:
                continue  # the header
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            where = f"{lang}/{path.name}"
            english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
            for text in _strings(message):
                extra = placeholders(text) - placeholders(english)
                if text and extra:
                    problems.append(f"{where}: {key!r}: the translation uses "
                                    f"{{{', '.join(sorted(extra))}}}, which the English does not")
            existing = merged.get(message.id)
            if existing is not None and existing.id:
                same = (_strings(existing) == _strings(message)
                        and existing.fuzzy == message.fuzzy)
                if not same:
                    problems.append(f"{where} and {origin[key]} translate {key!r} differently: "
                                    f"{_strings(message)!r} / {_strings(existing)!r}")
                continue
            merged[message.id] = message
            origin[key] = where
    if problems:
        raise CatalogError("\n".join(problems))
    return merged


def mo_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def languages(sources: Path = SOURCES) -> list[str]:
    return sorted(p.name for p in sources.iterdir() if p.is_dir() and not p.name.startswith("."))


def build(sources: Path = SOURCES, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every language's merged catalog; only rewrite a .mo whose bytes change."""
    written = []
    for lang in languages(sources):
        catalog = merge(lang, sources)
        out = mo_path(lang, locale_dir)
        out.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        data = buf.getvalue()
        if not out.exists() or out.read_bytes() != data:
            tmp = out.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(out)
        written.append(out)
    return written


def missing(lang: str, extracted: dict[str, Extracted] | None = None,
            sources: Path = SOURCES) -> list[str]:
    """One line per marked string that ``lang`` lacks, leaves fuzzy or translates emptily."""
    extracted = extract() if extracted is None else extracted
    catalog = merge(lang, sources)
    lines = []
    for key, entry in sorted(extracted.items()):
        where = ", ".join(f"{f}:{n}" for f, n in entry.locations[:3])
        message = catalog.get(entry.msgid) or catalog.get(key)
        if message is None:
            lines.append(f"{lang}: untranslated {key!r} ({where})")
        elif message.fuzzy:
            lines.append(f"{lang}: fuzzy {key!r} ({where})")
        elif isinstance(entry.msgid, tuple) and not isinstance(message.id, tuple):
            lines.append(f"{lang}: {key!r} is a plural (ngettext) but translated as one string "
                         f"({where})")
        elif not all(_strings(message)):
            lines.append(f"{lang}: empty translation of {key!r} ({where})")
    return lines


def _stale_ids(lang: str, sources: Path, used: set) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in area_files(lang, sources):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if message.id and key not in used:
                    found.setdefault(path, set()).add(key)
    return found


def stale(lang: str, sources: Path = SOURCES) -> list[str]:
    return [f"{lang}/{path.name}: {key!r}"
            for path, keys in _stale_ids(lang, sources, set(extract())).items()
            for key in sorted(keys)]


_MSGID = re.compile(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', re.M)


def prune(lang: str, sources: Path = SOURCES) -> int:
    """Remove the stale entries of ``lang``'s area files, as text: every other line of a file
    stays exactly as it was. Returns how many entries went."""
    gone = 0
    for path, keys in _stale_ids(lang, sources, set(extract())).items():
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        kept = []
        for block in blocks:
            m = _MSGID.search(block)
            msgid = "".join(ast.literal_eval(part) for part in
                            re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1))) if m else None
            if msgid and msgid in keys:
                gone += 1
                continue
            kept.append(block)
        path.write_text("\n\n".join(kept), encoding="utf-8")
    return gone


HEADER = """\
# Fieldnotes — {language}, area "{area}". Follow resources/i18n/GLOSSARY.md.
msgid ""
msgstr ""
"Project-Id-Version: Fieldnotes\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""
LANGUAGE_NAMES = {"zh_CN": "Simplified Chinese", "zh_TW": "Traditional Chinese"}


def init_area(area: str, sources: Path = SOURCES) -> list[Path]:
    """Create the empty area file of every language (the header only); existing files stay."""
    made = []
    for lang in languages(sources):
        path = sources / lang / f"{area}.po"
        if not path.exists():
            path.write_text(HEADER.format(language=LANGUAGE_NAMES.get(lang, lang), area=area,
                                          lang=lang), encoding="utf-8")
            made.append(path)
    return made


def template() -> Catalog:
    pot = Catalog(domain=DOMAIN, project="Fieldnotes", fuzzy=False)
    for entry in extract().values():
        pot.add(entry.msgid, locations=entry.locations)
    return pot


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    try:
        if command == "build":
            for path in build():
                print(f"catalogs: {path.relative_to(ROOT)}")
        elif command == "check":
            extracted = extract()
            problems = [line for lang in LANGUAGES for line in missing(lang, extracted)]
            print("\n".join(problems) or f"catalogs: {len(extracted)} strings, all translated")
            return 1 if problems else 0
        elif command == "pot":
            out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / f"{DOMAIN}.pot"
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as fh:
                write_po(fh, template(), width=100, sort_output=True)
            print(f"catalogs: {out}")
        elif command == "init" and len(argv) == 2:
            for path in init_area(argv[1]):
                print(f"catalogs: {path.relative_to(ROOT)}")
        elif command == "stale":
            print("\n".join(line for lang in LANGUAGES for line in stale(lang)))
        elif command == "prune":
            print(f"catalogs: {sum(prune(lang) for lang in LANGUAGES)} stale entries removed")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except CatalogError as exc:
        print(f"catalogs: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
