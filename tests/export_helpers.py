"""Helpers of the export tests: text of a PDF as a reader sees it, and a dossier full of injection attempts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from vae_toolkit.models.review import Statut, add_comment
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier, save_dossier
from vae_toolkit.storage.review import ReviewSession

INJECTIONS = [
    "<script>alert(1)</script>",
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0"',
    "$x$",
    "*gras*",
    "_penché_",
    "`code`",
    "@ref",
    "<label>",
    "\\",
    "[",
    "]",
]
PAYLOAD = " ".join(INJECTIONS)


INVISIBLE = "\u200b\u2060\ufeff"
"""Zero-width space, word joiner, zero-width no-break space: layout marks, never text."""


def normalise_pdf_text(raw: str) -> str:
    """Text read from a PDF as a reader sees it: invisible marks dropped, line-end hyphenation undone
    (hard « -\\n » or soft « \\u00ad\\n »), a soft hyphen inside a line read as the hyphen it shows,
    whitespace collapsed. Soft hyphens differ with the fonts, the hyphenation and the PDF reader, so text
    assertions never depend on them."""
    raw = re.sub("\u00ad[ \\t]*\n\\s*", "", raw)  # a hyphenation break at the end of a line
    raw = raw.replace("\u00ad", "-")  # Typst maps a real hyphen's glyph to U+00AD when it also hyphenates
    raw = re.sub(f"[{INVISIBLE}]", "", raw)
    raw = re.sub(r"(?<=\w)-\n(?=\w)", "-", raw)
    return " ".join(raw.split())


def pdf_text(path: Path) -> str:
    """The PDF's text through pypdf (a test dependency, so the same on every machine), normalised."""
    from pypdf import PdfReader

    return normalise_pdf_text("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def inject(folder: Path) -> None:
    """Put every injection case in the candidate's name, a narrative, a title, and the counsellor's review."""
    loaded = load_dossier(folder)
    dossier = loaded.model
    dossier.profil.prenom = "Camille"
    dossier.profil.nom = PAYLOAD
    situation = dossier.situations[0]
    situation.contexte = f"Début du contexte.\n{PAYLOAD}\nFin du contexte."
    situation.titre = f"Titre {PAYLOAD}"
    dossier.profil.motivation = PAYLOAD
    save_dossier(folder, dossier, loaded.fingerprint)
    session = ReviewSession(folder)
    comp = load_referentiel(dossier.certification).competence(situation.indicateurs[0])
    entry = session.review.competence(comp.id)
    entry.statut = Statut.en_bonne_voie
    add_comment(entry, PAYLOAD, f"Commentaire {PAYLOAD}", dt.datetime(2026, 3, 2, 14, 30))
    session.review.avis.preconisations = PAYLOAD
    session.save()
