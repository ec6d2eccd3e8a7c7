"""Jinja filters that make user text safe in each target language (Typst, HTML), and the French formatting filters.

Typst: user text never enters markup mode. It becomes a Typst *string literal* shown as text
(``#"…";``): inside a string only ``\\`` and ``"`` are special, so ``#read(…)``, ``$x$``, ``*``, ``_``,
backticks, ``@ref``, ``<label>``, ``[``, ``]`` and links all print literally and nothing is evaluated.
The trailing ``;`` ends the embedded expression, so template text after it (``.``, ``(``) is not a
method call on the string.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup, escape

from vae_toolkit.models.wording import count_fr, date_fr, month_fr, number_fr


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LONG_WORD = 30
"""A run of more than this many characters without a space (a pasted URL, a line of dashes) cannot be wrapped
by Typst and runs off the page: it gets an invisible break opportunity (U+200B) every :data:`WORD_CHUNK`
characters, close enough that a justified line is not stretched around it."""
WORD_CHUNK = 10
_LONG_WORD = re.compile(r"[^\s\u200b]{%d,}" % (LONG_WORD + 1))
_BLANK_LINES = re.compile(r"\n\s*\n")


def typst_str(value: Any) -> str:
    """A Typst string literal (code mode) holding ``value``: ``"a \\"b\\""``.

    Tabs become spaces; other control characters are dropped (invisible anyway, and PDF/A refuses them).
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", " ")
    return f'"{text}"'


_LABEL = re.compile(r"^[a-z][a-z0-9-]{0,60}$")


def typst_label(value: Any) -> str:
    """A Typst label (``<situation-2>``) for an anchor the toolkit made; anything else is refused."""
    if not _LABEL.match(str(value)):
        raise ValueError(f"not an anchor name: {value!r}")
    return f"<{value}>"


def typst_num(value: Any) -> str:
    """A number for Typst code (``3``, ``2.5``); anything that is not a finite number is refused."""
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {value!r}")
    return str(int(number)) if number.is_integer() else repr(number)


def breakable(text: str) -> str:
    """``text`` with an invisible break opportunity (zero-width space) inside every overlong word."""
    return _LONG_WORD.sub(lambda m: _chunk(m.group(0)), text)


def _chunk(word: str) -> str:
    out, run = [], 0
    for char in word:
        if run >= WORD_CHUNK and not unicodedata.combining(char):
            out.append("\u200b")
            run = 0
        out.append(char)
        run += 1
    return "".join(out)


def typst_text(value: Any) -> str:
    """``value`` for Typst markup: one string shown literally, line breaks kept, overlong words breakable."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip("\n")
    if not text:
        return ""
    lines = breakable(text).split("\n")
    return " \\\n".join(f"#{typst_str(line)};" for line in lines)


def typst_paragraphs(value: Any) -> str:
    """``value`` for Typst markup as paragraphs: blank lines separate paragraphs, single newlines break lines."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    return "\n\n".join(typst_text(p) for p in _BLANK_LINES.split(text) if p.strip())


def html_paragraphs(value: Any) -> Markup:
    """``value`` as escaped HTML paragraphs (``<p>``), single newlines as ``<br>``."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    paras = [p for p in _BLANK_LINES.split(text) if p.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in p.split("\n")))
                             for p in paras)


def _counted(singular: str, plural: str) -> Any:
    def label(value: Any) -> str:
        return count_fr(int(value or 0), singular, plural)

    label.__name__ = f"count_{plural}"
    label.__doc__ = f"« 0 {singular} », « 1 {singular} », « 2 {plural} » (French: 0 and 1 take the singular)."
    return label


FILTERS = {
    "typst": typst_text,
    "typst_str": typst_str,
    "typst_paras": typst_paragraphs,
    "typst_num": typst_num,
    "typst_label": typst_label,
    "html_paras": html_paragraphs,
    "date_fr": date_fr,
    "month_fr": month_fr,
    "nombre": number_fr,
    "mots": _counted("mot", "mots"),
    "signes": _counted("signe", "signes"),
    "situations": _counted("situation", "situations"),
}
"""Every filter our templates use, registered on both the nbconvert and the direct environments."""
