"""``vae export --what depot DOSSIER -o FOLDER``: the dossier de validation as France VAE takes it.

France VAE accepts one main file and at most 8 more, each a PDF, JPG or PNG of at most 10 MB. This writes the
final livret (the main file) and the pièces: text pièces (.txt, .md) converted to PDF, PDF/JPG/PNG copied,
anything else named with what to do; beyond 8 pièces, the 8th and the following ones are grouped into one annex
PDF. Nothing is written over an existing file: the folder must not already hold a file of the same name.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from vae_toolkit.errors import VaeError

MAX_EXTRA_FILES = 8
MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {".pdf", ".jpg", ".jpeg", ".png"}
IMAGES = {".jpg", ".jpeg", ".png"}
TEXTS = {".txt", ".md"}
MAIN_FILE = "00-dossier-de-validation.pdf"
ANNEX_FILE = f"{MAX_EXTRA_FILES:02d}-annexes.pdf"


@dataclass
class Planned:
    """One file to write: its name in the folder, its bytes, and a French line saying where it comes from."""

    name: str
    data: bytes
    what: str


@dataclass
class Deposit:
    """What the deposit wrote, and the pièces it could not take (each with what to do)."""

    folder: Path
    files: list[Planned] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The French report printed by ``vae export --what depot``."""
        lines = [f"Dépôt France VAE écrit dans {self.folder} ({len(self.files)} fichier(s), au plus "
                 f"{1 + MAX_EXTRA_FILES})\u00a0:"]
        lines += [f"  {p.name} ({_size(len(p.data))})\u00a0: {p.what}" for p in self.files]
        if self.refused:
            lines.append("Pièces non déposées, à reprendre\u00a0:")
            lines += [f"  – {r}" for r in self.refused]
        return "\n".join(lines)


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))}\u00a0ko"
    return f"{n / (1024 * 1024):.1f}\u00a0Mo".replace(".", ",")


def _render(context: dict, files: dict[str, bytes] | None = None) -> bytes:
    from vae_toolkit.export import render

    template = render.environment("vae_piece_pdf", "pdf").get_template("index.typ.j2")
    return render.compile_pdf(template.render(vae=context), files)


def text_pdf(title: str, text: str, candidat: str) -> bytes:
    """A text pièce as a PDF (each line kept, user text escaped for Typst)."""
    return _render({"mode": "texte", "titre": title, "candidat": candidat, "lignes": text.splitlines()})


def image_pdf(title: str, name: str, data: bytes, candidat: str) -> bytes:
    """An image pièce on one A4 page (for the grouped annex)."""
    return _render({"mode": "image", "titre": title, "candidat": candidat, "fichier": name}, {name: data})


def _merge(parts: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _slug(text: str) -> str:
    """A short portable file stem from a pièce's title."""
    from vae_toolkit.storage.dossier import safe_file_name

    return safe_file_name(text.replace(".", " "))[:60].strip("-_ ") or "piece"


def plan(folder: str | Path, output: str | Path, today: dt.date | None = None) -> Deposit:
    """Everything the deposit would write (nothing is written): the final livret, then the pièces."""
    from vae_toolkit.analysis.anonymisation import apply, replace_text
    from vae_toolkit.export.api import build_context
    from vae_toolkit.export import render
    from vae_toolkit.models.wording import display_name
    from vae_toolkit.storage.dossier import load_dossier, piece_path

    folder = Path(folder)
    original = load_dossier(folder).model
    dossier, table = apply(original), original.anonymisation
    candidat = display_name(dossier)
    deposit = Deposit(Path(output))
    livret = render.render("livret", "pdf", build_context(folder, "livret", today=today, final=True))
    deposit.files.append(Planned(MAIN_FILE, livret, "dossier de validation, version à envoyer au jury"))
    pieces: list[tuple[str, str, bytes, str]] = []  # (title, extension, bytes, origin)
    for piece in dossier.pieces:
        label = f"«\u00a0{piece.titre}\u00a0»"
        if not piece.fichier:
            deposit.refused.append(f"{label}\u00a0: aucun fichier joint à cette pièce dans le dossier.")
            continue
        try:
            path = piece_path(folder, piece.fichier)
        except VaeError as exc:
            deposit.refused.append(f"{label}\u00a0: {exc}")
            continue
        if not path.is_file():
            deposit.refused.append(f"{label}\u00a0: fichier introuvable ({piece.fichier}).")
            continue
        ext = path.suffix.lower()
        if ext in TEXTS:
            text = replace_text(path.read_text(encoding="utf-8", errors="replace"), table)
            pieces.append((piece.titre, ".pdf", text_pdf(piece.titre, text, candidat), f"{piece.fichier} converti en PDF"))
        elif ext in ACCEPTED:
            pieces.append((piece.titre, ext, path.read_bytes(), f"copie de {piece.fichier}"))
        else:
            deposit.refused.append(f"{label} ({piece.fichier})\u00a0: format {ext or 'sans extension'} refusé par "
                                   "France VAE (PDF, JPG ou PNG seulement)\u00a0; enregistrez-la en PDF depuis son "
                                   "logiciel, puis remplacez le fichier de la pièce.")
    kept = []
    for title, ext, data, origin in pieces:
        if len(data) > MAX_BYTES:
            deposit.refused.append(f"«\u00a0{title}\u00a0» ({_size(len(data))})\u00a0: plus de 10\u00a0Mo, refusé "
                                   "par France VAE\u00a0; réduisez-la (résolution, compression) ou scindez-la en "
                                   "plusieurs pièces.")
        else:
            kept.append((title, ext, data, origin))
    alone = kept if len(kept) <= MAX_EXTRA_FILES else kept[:MAX_EXTRA_FILES - 1]
    for number, (title, ext, data, origin) in enumerate(alone, start=1):
        deposit.files.append(Planned(f"{number:02d}-{_slug(title)}{'.jpg' if ext == '.jpeg' else ext}", data,
                                     f"«\u00a0{title}\u00a0», {origin}"))
    grouped = kept[len(alone):]
    parts, titles = [], []
    for title, ext, data, _origin in grouped:
        try:
            part = image_pdf(title, f"piece{ext}", data, candidat) if ext in IMAGES else data
            _merge([part])  # a damaged PDF or image is named here rather than breaking the whole annex
        except Exception:  # noqa: BLE001 - whatever the decoder says, the pièce is unreadable
            deposit.refused.append(f"«\u00a0{title}\u00a0»\u00a0: fichier illisible (abîmé ou mal nommé)\u00a0; "
                                   "ouvrez-le, enregistrez-le de nouveau en PDF, JPG ou PNG et remplacez la pièce.")
            continue
        parts.append(part)
        titles.append(title)
    if parts:
        cover = _render({"mode": "annexe", "titre": "Annexes", "candidat": candidat, "contenu": titles})
        annex = _merge([cover, *parts])
        grouped = [g for g in grouped if g[0] in titles]
        what = f"{len(grouped)} pièces regroupées\u00a0: " + " ; ".join(f"«\u00a0{t}\u00a0»" for t, *_ in grouped)
        if len(annex) > MAX_BYTES:
            deposit.refused.append(f"L’annexe regroupée pèse {_size(len(annex))}, plus de 10\u00a0Mo\u00a0: allégez "
                                   "les pièces qu’elle regroupe.")
        else:
            deposit.files.append(Planned(ANNEX_FILE, annex, what))
    return deposit


def write_deposit(folder: str | Path, output: str | Path, today: dt.date | None = None) -> Deposit:
    """Write the deposit into ``output`` (created 0700 if needed); refuse before writing if any name is taken."""
    from vae_toolkit.storage.atomic import atomic_write, ensure_private_dir

    output = Path(output).expanduser()
    if output.exists() and not output.is_dir():
        raise VaeError(f"{output} existe et n’est pas un dossier\u00a0: le dépôt n’a rien écrit.")
    inside = Path(folder).resolve()
    exports = inside / "exports"
    real = output.resolve()
    if (real == inside or inside in real.parents) and not (real == exports or exports in real.parents):
        raise VaeError("Choisissez un dossier de dépôt hors du dossier du candidat (ou son sous-dossier exports/).")
    deposit = plan(folder, output, today)
    taken = [p.name for p in deposit.files if (output / p.name).exists()]
    if taken:
        raise VaeError(f"Le dossier {output} contient déjà {', '.join(taken)}\u00a0: le dépôt n’a rien écrit (rien "
                       "n’est jamais remplacé). Choisissez un dossier vide.")
    ensure_private_dir(output)
    for item in deposit.files:
        atomic_write(output / item.name, item.data)
    return deposit
