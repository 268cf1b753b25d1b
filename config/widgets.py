"""Drop-down lists rendered once and kept.

Django renders each ``<option>`` of a ``<select>`` through a template: the 250 countries of the
circular registry's filter cost about 4.7 ms a request, the same HTML for everybody who reads
the page in the same language. ``KeptSelect`` renders a list once per language, options, name,
selected value and attributes, and keeps the HTML in this process's memory (a few hundred
entries at most; the least recently used goes first). The key holds everything the HTML is
made of, so a change of options, language or selection renders anew: nothing is ever stale.
"""

import threading
from collections import OrderedDict

from django import forms
from django.utils import translation

KEPT_LISTS = 256


class _Kept:
    """A small least-recently-used store of rendered lists, shared by the threads of a process."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            html = self.items.get(key)
            if html is not None:
                self.items.move_to_end(key)
            return html

    def put(self, key, html) -> None:
        with self.lock:
            self.items[key] = html
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


kept = _Kept(KEPT_LISTS)


def _frozen(attrs) -> tuple:
    return tuple(sorted((str(k), str(v)) for k, v in (attrs or {}).items()))


class KeptSelect(forms.Select):
    """A ``Select`` whose HTML is rendered once per language, options, value and attributes.

    ``kept_as`` names options that depend only on the language (e.g. "countries"), so that they
    need not be read to make the key; without it, the options themselves (flat value and label
    pairs) are part of the key.
    """

    def __init__(self, attrs=None, choices=(), *, kept_as: str | None = None):
        super().__init__(attrs, choices)
        self.kept_as = kept_as

    def render(self, name, value, attrs=None, renderer=None):
        options = self.kept_as
        if options is None:
            options = tuple((str(v), str(label)) for v, label in self.choices)
        key = (
            options,
            translation.get_language(),
            name,
            tuple(self.format_value(value)),
            _frozen(self.attrs),
            _frozen(attrs),
        )
        html = kept.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            kept.put(key, html)
        return html
