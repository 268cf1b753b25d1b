#!/usr/bin/env python3
"""Give the French catalogue its typography: non-breaking spaces before : ; ! ? and inside
« », and guillemets instead of English quotation marks (config/typography.py says how; URLs,
times, placeholders and HTML are left alone).

Run it after merging new translations, then compile:

    .venv/bin/python scripts/french_typography.py            # lists what it would change
    .venv/bin/python scripts/french_typography.py --write    # and writes the catalogue
    .venv/bin/python manage.py compilemessages --ignore=.venv

tests/test_typography.py fails while an entry still needs it.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.typography import french_spacing, guillemets  # noqa: E402

CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def fixed(text: str) -> str:
    return french_spacing(guillemets(text)) if text else text


def main(write: bool) -> int:
    catalogue = polib.pofile(str(CATALOGUE))  # polib's default width: the file keeps its shape
    changed = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                if fixed(text) != text:
                    entry.msgstr_plural[index] = fixed(text)
                    changed += 1
                    print(repr(text), "→", repr(fixed(text)))
        elif fixed(entry.msgstr) != entry.msgstr:
            print(repr(entry.msgstr), "→", repr(fixed(entry.msgstr)))
            entry.msgstr = fixed(entry.msgstr)
            changed += 1
    if write and changed:
        catalogue.save()
    print(f"{changed} translations {'changed' if write else 'to change'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(write="--write" in sys.argv))
