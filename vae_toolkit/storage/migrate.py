"""Move a candidate's folder to another référentiel: both files saved through the storage layer (history kept).

``vae restore DOSSIER`` (and ``--revue``) bring the previous versions back: the migration is just one more save.
"""

from __future__ import annotations

from pathlib import Path

from vae_toolkit.errors import InvalidFileError, VaeError
from vae_toolkit.models.checks import Problem
from vae_toolkit.models.dossier import LienNonRepris
from vae_toolkit.models.migration import Mapping, manual_problems, migrate_dossier, migrate_review, propose_mapping
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier, save_dossier
from vae_toolkit.storage.review import load_review, save_review
from vae_toolkit.storage.yamlio import dump_yaml, line_of, parse_yaml

MAPPING_KEY = "correspondances"


def read_manual(path: str | Path | None) -> dict[str, str | None]:
    """The hand-made correspondances file: ``correspondances: {ancien: nouveau}`` (empty value: not carried)."""
    if path is None:
        return {}
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VaeError(f"Le fichier de correspondances {path} est illisible\u00a0: {exc.strerror or exc}.") from None
    data = parse_yaml(path, raw, what="Le fichier de correspondances")
    table = data.get(MAPPING_KEY)
    if not isinstance(table, dict):
        raise InvalidFileError(path, [Problem((MAPPING_KEY,), "suite «\u00a0ancien identifiant: nouvel identifiant\u00a0» "
                                                              "attendue", line_of(raw, (MAPPING_KEY,)))],
                               what="Le fichier de correspondances")
    out: dict[str, str | None] = {}
    for key, value in table.items():
        if value is not None and not isinstance(value, str):
            raise InvalidFileError(path, [Problem((MAPPING_KEY, str(key)), "identifiant attendu (texte) ou vide",
                                                  line_of(raw, (MAPPING_KEY, str(key))))],
                                   what="Le fichier de correspondances")
        out[str(key)] = value.strip() if isinstance(value, str) and value.strip() else None
    return out


def mapping_for(folder: str | Path, vers: str, manual_file: str | Path | None = None,
                manual: dict[str, str | None] | None = None) -> Mapping:
    """The mapping from the dossier's référentiel to ``vers``: automatic, then the hand-made file (or ``manual``)."""
    dossier = load_dossier(folder).model
    old, new = load_referentiel(dossier.certification), load_referentiel(vers)
    if old.code == new.code:
        raise VaeError(f"Le dossier {folder} relève déjà de {new.code}\u00a0: rien à reporter.")
    manual = {**read_manual(manual_file), **(manual or {})}
    mapping = propose_mapping(old, new, manual)
    problems = manual_problems(mapping, manual, old, new)
    if problems:
        source = f" ({manual_file})" if manual_file else ""
        raise VaeError(f"Correspondances refusées{source}, rien n’a été modifié\u00a0:\n  – " + "\n  – ".join(problems))
    return mapping


def plan_text(mapping: Mapping) -> str:
    """The mapping as a correspondances file to edit: one line per old id, its text and how it was matched."""
    lines = [f"# Correspondances de {mapping.depuis} vers {mapping.vers}, proposées automatiquement.",
             "# Complétez les lignes vides (ancien identifiant: nouvel identifiant), puis\u00a0:",
             f"#   vae referentiel migrate DOSSIER --vers {mapping.vers} --correspondances CE_FICHIER.yaml",
             f"{MAPPING_KEY}:"]
    for title, kind in (("blocs", mapping.blocs), ("compétences", mapping.competences),
                        ("indicateurs (ou compétences évaluées en entier)", mapping.unites)):
        lines.append(f"  # {title}")
        for c in kind.values():
            value = dump_yaml(c.nouveau).decode("utf-8").split("\n")[0] if c.nouveau else ""
            note = f"  # {c.comment} · {' '.join(c.texte.split())[:90]}"
            lines.append(f"  {c.ancien}: {value}".rstrip() + note)
    return "\n".join(lines) + "\n"


def migrate_folder(folder: str | Path, vers: str, manual_file: str | Path | None = None,
                   manual: dict[str, str | None] | None = None) -> str:
    """Carry the dossier of ``folder`` (and its review) to ``vers``; returns the French report to print."""
    folder = Path(folder)
    mapping = mapping_for(folder, vers, manual_file, manual)
    loaded = load_dossier(folder)
    old, new = load_referentiel(loaded.model.certification), load_referentiel(vers)
    dossier = migrate_dossier(loaded.model, old, new, mapping)
    review_loaded = load_review(folder)
    review_lost: list[str] = []
    if review_loaded is not None:
        review, review_lost = migrate_review(review_loaded.model, old, new, mapping)
        if review_lost:
            record = dossier.migrations[-1]
            extra = [LienNonRepris(element="revue", ancien=i, texte=old.competence(i).intitule if old.has(i) else "")
                     for i in review_lost]
            dossier = dossier.model_copy(update={"migrations": [
                *dossier.migrations[:-1], record.model_copy(update={"non_repris": [*record.non_repris, *extra]})]})
        new_review_fp = save_review(folder, review, review_loaded.fingerprint)
    try:
        save_dossier(folder, dossier, loaded.fingerprint)
    except VaeError:
        if review_loaded is not None:  # put the review back as it was: both files or neither
            save_review(folder, review_loaded.model, new_review_fp)
        raise
    lost = dossier.migrations[-1].non_repris
    auto = sum(1 for c in mapping.unites.values() if c.nouveau and c.comment != "à la main")
    lines = [f"Dossier {folder} reporté de {old.code} vers {new.code}\u00a0: {len(dossier.situations)} situation(s), "
             f"{len(dossier.pieces)} pièce(s), {len(dossier.auto_evaluation)} note(s) gardées.",
             f"{auto} indicateur(s) relié(s) automatiquement sur {len(mapping.unites)}."]
    if lost:
        lines.append(f"{len(lost)} lien(s) non reporté(s), listés dans le dossier (migrations) et par «\u00a0vae check\u00a0»\u00a0:")
        lines += [f"  – {lien.element}{' ' + lien.id if lien.id else ''}\u00a0: {lien.ancien}" for lien in lost]
    else:
        lines.append("Tous les liens ont été reportés.")
    undo = f"vae restore {folder} --version 1"
    lines.append(f"Pour annuler\u00a0: «\u00a0{undo}\u00a0»" + (f" puis «\u00a0{undo} --revue\u00a0»." if review_loaded else "."))
    return "\n".join(lines)
