"""Reading a PDF as a layout: text runs with their positions (pypdf), headings from the PDF's outline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BODY_BOTTOM = 60.0
"""Below this height (points from the bottom) only the footer's page number is printed (2.3 cm margin)."""


@dataclass(frozen=True)
class Run:
    page: int
    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class Heading:
    title: str
    page: int
    top: float


def runs(path: Path) -> list[list[Run]]:
    """Per page, every non-blank text run with the position of its start (x, y from the bottom left)."""
    from pypdf import PdfReader

    out: list[list[Run]] = []
    for n, page in enumerate(PdfReader(path).pages):
        found: list[Run] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float,
                  found: list[Run] = found, n: int = n) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append(Run(n, x, y, size, text))

        page.extract_text(visitor_text=visit)
        out.append(found)
    return out


def headings(path: Path) -> list[Heading]:
    """Every heading of the document, from the PDF outline (bookmarks): title, page index, top."""
    from pypdf import PdfReader

    reader = PdfReader(path)

    def flat(items: list) -> list:
        return [x for item in items for x in (flat(item) if isinstance(item, list) else [item])]

    return [Heading(str(o.title), reader.get_destination_page_number(o), float(o.top)) for o in flat(reader.outline)]


def stranded_headings(path: Path) -> list[str]:
    """Headings with nothing of the body printed below them on their page (alone at the page bottom)."""
    pages = runs(path)
    out = []
    for h in headings(path):
        own = h.title.split(" ", 1)[-1] if h.title[:1].isdigit() else h.title
        below = [r for r in pages[h.page] if BODY_BOTTOM < r.y < h.top - 1 and r.text.strip() not in own]
        if not below:
            out.append(f"« {h.title} » (page {h.page + 1})")
    return out
