"""Read one fiche out of France Compétences' open-data exports, without loading the whole export.

- XML export v4.1 (``export_fiches_RNCP_V4_1_AAAA-MM-JJ.xml``, or the zip holding it, hundreds of MB): read with
  ``iterparse`` as a stream (straight out of the zip when zipped); each ``FICHE`` is dropped once read, so memory
  stays flat whatever the size of the file.
- Blocs CSV (``export_fiches_CSV_Blocs_De_Compétences_AAAA_MM_JJ.csv``, ``;``-separated, or the zip holding it):
  blocs only, no compétences.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from vae_toolkit.errors import VaeError


@dataclass
class BlocFiche:
    code: str
    libelle: str
    liste_competences: str = ""
    modalites_evaluation: str = ""


@dataclass
class Fiche:
    """What the toolkit takes from one fiche of the export (texts as published)."""

    numero: str
    intitule: str = ""
    actif: bool | None = None
    etat: str = ""
    niveau: int | None = None
    date_fin: dt.date | None = None
    vae: bool | None = None
    anciennes: list[str] = field(default_factory=list)
    nouvelles: list[str] = field(default_factory=list)
    certificateurs: list[tuple[str, str | None]] = field(default_factory=list)
    blocs: list[BlocFiche] = field(default_factory=list)
    source: str = ""


def normalise_numero(numero: str) -> str:
    """``39644``, ``rncp39644`` or ``RNCP 39644`` → ``RNCP39644``; anything else is refused in French."""
    value = "".join(numero.split()).upper()
    if value.isdigit():
        value = f"RNCP{value}"
    if not (value.startswith("RNCP") and value[4:].isdigit() and value[4:]):
        raise VaeError(f"Numéro de fiche invalide\u00a0: «\u00a0{numero}\u00a0» (attendu\u00a0: RNCP suivi de chiffres, "
                       "par exemple RNCP39644).")
    return value


@contextmanager
def _open_member(path: Path, wanted: str) -> Iterator[tuple[IO[bytes], str]]:
    """The file itself, or the first member of the zip whose name ends with ``wanted`` (streamed, not extracted)."""
    if not path.is_file():
        raise VaeError(f"Le fichier {path} est introuvable.")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(wanted)]
                if not names:
                    raise VaeError(f"L’archive {path} ne contient aucun fichier {wanted}.")
                with archive.open(names[0]) as stream:
                    yield stream, f"{path} ({names[0]})"
        except zipfile.BadZipFile as exc:
            raise VaeError(f"L’archive {path} est illisible\u00a0: {exc}.") from None
        return
    with open(path, "rb") as stream:
        yield stream, str(path)


def _yes(text: str | None) -> bool | None:
    if text is None or not text.strip():
        return None
    return text.strip().lower() in {"oui", "true", "1", "o"}


def _date(text: str | None) -> dt.date | None:
    if not text or not text.strip():
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _niveau(text: str | None) -> int | None:
    digits = "".join(c for c in (text or "") if c.isdigit())
    return int(digits) if digits else None


def _text(elem: ET.Element, path: str) -> str:
    found = elem.find(path)
    return (found.text or "").strip() if found is not None else ""


def _fiche_from(elem: ET.Element, source: str) -> Fiche:
    blocs = [
        BlocFiche(code=_text(b, "CODE"), libelle=_text(b, "LIBELLE"), liste_competences=_text(b, "LISTE_COMPETENCES"),
                  modalites_evaluation=_text(b, "MODALITES_EVALUATION"))
        for b in elem.iterfind("BLOCS_COMPETENCES/BLOC_COMPETENCES")
    ]
    return Fiche(
        numero=_text(elem, "NUMERO_FICHE").upper(),
        intitule=" ".join(_text(elem, "INTITULE").split()),
        actif=_yes(_text(elem, "ACTIF")),
        etat=_text(elem, "ETAT_FICHE"),
        niveau=_niveau(_text(elem, "NOMENCLATURE_EUROPE/NIVEAU")),
        date_fin=_date(_text(elem, "DATE_FIN_ENREGISTREMENT")),
        vae=_yes(_text(elem, "SI_JURY_VAE/ACTIF")),
        anciennes=[t for e in elem.iterfind("ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION")
                   if (t := _text(e, "ID_FICHE_ANCIENNE_CERTIFICATION"))],
        nouvelles=[t for e in elem.iterfind("NOUVELLES_CERTIFICATIONS/NOUVELLE_CERTIFICATION")
                   if (t := _text(e, "ID_FICHE_NOUVELLE_CERTIFICATION"))],
        certificateurs=[(nom, _text(c, "SIRET_CERTIFICATEUR") or None)
                        for c in elem.iterfind("CERTIFICATEURS/CERTIFICATEUR")
                        if (nom := " ".join(_text(c, "NOM_CERTIFICATEUR").split()))],
        blocs=blocs,
        source=source,
    )


def read_fiche_xml(path: str | Path, numero: str) -> Fiche:
    """The fiche ``numero`` of a v4.1 XML export (or its zip), read as a stream; memory does not grow with the file."""
    path, numero = Path(path), normalise_numero(numero)
    with _open_member(path, ".xml") as (stream, label):
        seen = 0
        root: ET.Element | None = None
        version = ""
        try:
            for event, elem in ET.iterparse(stream, events=("start", "end")):
                if root is None:
                    root = elem
                    if elem.tag != "FICHES":
                        raise VaeError(f"{label} n’est pas un export des fiches RNCP (élément racine «\u00a0{elem.tag}"
                                       "\u00a0» au lieu de «\u00a0FICHES\u00a0»).")
                if event != "end":
                    continue
                if elem.tag == "VERSION_FLUX":
                    version = (elem.text or "").strip()
                elif elem.tag == "FICHE":
                    seen += 1
                    if _text(elem, "NUMERO_FICHE").upper() == numero:
                        fiche = _fiche_from(elem, f"{label}, flux {version or 'de version inconnue'}")
                        return fiche
                    root.clear()  # the fiches read so far are dropped: memory stays flat
        except ET.ParseError as exc:
            line, column = exc.position
            raise VaeError(f"{label} est illisible à la ligne {line}, colonne {column}\u00a0: XML mal formé "
                           f"({exc.msg if hasattr(exc, 'msg') else exc}).") from None
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise VaeError(f"Lecture de {label} impossible\u00a0: {exc}.") from None
    raise VaeError(f"La fiche {numero} est absente de {label} ({seen} fiche(s) lue(s)). Vérifiez le numéro, ou "
                   "téléchargez un export plus récent.")


_CSV_COLUMNS = ("Numero_Fiche", "Bloc_Competences_Code", "Bloc_Competences_Libelle")


def read_fiche_csv(path: str | Path, numero: str) -> Fiche:
    """The blocs of fiche ``numero`` in a blocs CSV export (or its zip); the CSV gives no compétences."""
    path, numero = Path(path), normalise_numero(numero)
    with _open_member(path, ".csv") as (stream, label):
        raw = stream.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    missing = [c for c in _CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise VaeError(f"{label} n’est pas l’export CSV des blocs de compétences\u00a0: colonne(s) absente(s) "
                       f"{', '.join(missing)} (ligne 1).")
    fiche = Fiche(numero=numero, source=label)
    for row in reader:
        if (row.get("Numero_Fiche") or "").strip().upper() == numero:
            fiche.blocs.append(BlocFiche(code=(row["Bloc_Competences_Code"] or "").strip(),
                                         libelle=" ".join((row["Bloc_Competences_Libelle"] or "").split())))
    if not fiche.blocs:
        raise VaeError(f"Aucun bloc de la fiche {numero} dans {label}. Vérifiez le numéro.")
    return fiche


def read_fiche(path: str | Path, numero: str) -> Fiche:
    """The fiche from either export, chosen by what the file holds (XML, CSV, or a zip of one of them)."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind == ".zip" and path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
        kind = ".xml" if any(n.endswith(".xml") for n in names) else ".csv"
    return read_fiche_csv(path, numero) if kind == ".csv" else read_fiche_xml(path, numero)
