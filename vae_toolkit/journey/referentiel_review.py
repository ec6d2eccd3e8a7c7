"""The counsellor's review of an imported référentiel, without widgets: reword, split, merge, add indicateurs and
questions, mark dispenses, then save (still « à relire », or validated).

The file is edited as plain data and validated as a whole before every save; a file changed on disk since it
was opened is never overwritten (the counsellor reloads). Ids already given are never reused for something else.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

from vae_toolkit.errors import VaeError
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.storage.referentiel_file import read_referentiel_file, write_referentiel_file

HEADER = ("Référentiel relu sur l’écran de relecture du conseiller (vae-toolkit).\n"
          "Les identifiants (id) ne doivent plus changer une fois des dossiers ouverts.")


def _fingerprint(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _text(value: str, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise VaeError(f"{what} ne peut pas être vide.")
    return text


class ReferentielReview:
    """One référentiel file open for review."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.reload()

    def reload(self) -> None:
        ref = read_referentiel_file(self.path)
        self.fingerprint = _fingerprint(self.path)
        self.data: dict[str, Any] = ref.model_dump(mode="python", exclude_defaults=True)
        self.data.setdefault("a_relire", ref.a_relire)
        self.changed = False

    # Reading ---------------------------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return self.data["code"]

    @property
    def a_relire(self) -> bool:
        return bool(self.data.get("a_relire"))

    @property
    def blocs(self) -> list[dict[str, Any]]:
        return self.data["blocs"]

    def bloc(self, bloc_id: str) -> dict[str, Any]:
        found = next((b for b in self.blocs if b["id"] == bloc_id), None)
        if found is None:
            raise VaeError(f"Bloc inconnu\u00a0: {bloc_id}.")
        return found

    def competence(self, comp_id: str) -> dict[str, Any]:
        found = next((c for b in self.blocs for c in b["competences"] if c["id"] == comp_id), None)
        if found is None:
            raise VaeError(f"Compétence inconnue\u00a0: {comp_id}.")
        return found

    def bloc_of(self, comp_id: str) -> dict[str, Any]:
        return next(b for b in self.blocs if any(c["id"] == comp_id for c in b["competences"]))

    def _taken(self) -> set[str]:
        ids = {b["id"] for b in self.blocs}
        for b in self.blocs:
            for c in b["competences"]:
                ids.add(c["id"])
                ids.update(i["id"] for i in c.get("indicateurs", []))
        return ids

    def _next_id(self, prefix: str, letter: str) -> str:
        pattern = re.compile(rf"^{re.escape(prefix)}\.{letter}(\d+)$")
        taken = self._taken()
        n = max((int(m.group(1)) for t in taken if (m := pattern.match(t))), default=0) + 1
        while f"{prefix}.{letter}{n}" in taken:
            n += 1
        return f"{prefix}.{letter}{n}"

    def referentiel(self) -> Referentiel:
        """The data as a validated référentiel (raises in French when something is wrong)."""
        from pydantic import ValidationError

        from vae_toolkit.models.messages import problems_from

        try:
            return Referentiel.model_validate(self.data)
        except ValidationError as exc:
            details = "; ".join(f"{p.where}\u00a0: {p.message}" for p in problems_from(exc))
            raise VaeError(f"Le référentiel n’est pas valide\u00a0: {details}") from None

    # Editing ---------------------------------------------------------------------------------------------------
    def _structure_frozen(self, what: str) -> None:
        """Once validated, dossiers may cite its ids: nothing may make one of them disappear."""
        if not self.a_relire:
            raise VaeError(f"Le référentiel {self.code} est validé\u00a0: des dossiers citent peut-être ses identifiants, "
                           f"on ne peut plus {what}. Reformulez plutôt, ou créez une nouvelle version (autre code) et "
                           "reportez-y les dossiers avec «\u00a0vae referentiel migrate\u00a0».")

    def _edit(self, change: Any) -> Any:
        """Apply ``change`` to a copy; keep it only if the result is still a valid référentiel."""
        before = copy.deepcopy(self.data)
        try:
            result = change()
            self.referentiel()
        except BaseException:
            self.data = before
            raise
        self.changed = True
        return result

    def reword(self, comp_id: str, intitule: str) -> None:
        """Change the text of a compétence."""
        self._edit(lambda: self.competence(comp_id).__setitem__("intitule", _text(intitule, "L’intitulé")))

    def split(self, comp_id: str, intitules: list[str]) -> list[str]:
        """Replace a compétence by several (the first keeps its id, its indicateurs and questions)."""
        texts = [_text(t, "Chaque compétence") for t in intitules if t.strip()]
        if len(texts) < 2:
            raise VaeError("Pour découper, donnez au moins deux compétences (une par ligne).")

        def change() -> list[str]:
            bloc, comp = self.bloc_of(comp_id), self.competence(comp_id)
            comp["intitule"] = texts[0]
            at = bloc["competences"].index(comp)
            ids = [comp_id]
            for k, text in enumerate(texts[1:], start=1):
                new = {"id": self._next_id(bloc["id"], "C"), "intitule": text}
                bloc["competences"].insert(at + k, new)
                ids.append(new["id"])
            return ids

        return self._edit(change)

    def merge(self, comp_ids: list[str], intitule: str | None = None) -> str:
        """Merge compétences of one bloc into the first: indicateurs and questions kept, in order."""
        if len(comp_ids) < 2:
            raise VaeError("Choisissez au moins deux compétences à fusionner.")
        self._structure_frozen("fusionner des compétences")
        blocs = {self.bloc_of(c)["id"] for c in comp_ids}
        if len(blocs) > 1:
            raise VaeError("Seules des compétences d’un même bloc peuvent être fusionnées.")

        def change() -> str:
            comps = [self.competence(c) for c in comp_ids]
            first = comps[0]
            whole = all(not c.get("indicateurs") for c in comps)
            indicators: list[dict[str, str]] = []
            for c in comps:
                if c.get("indicateurs"):
                    indicators += c["indicateurs"]
                elif not whole:
                    indicators.append({"id": "", "texte": c["intitule"]})
            first["intitule"] = _text(intitule, "L’intitulé") if intitule else (
                " ; ".join(c["intitule"] for c in comps) if whole else first["intitule"])
            first["questions"] = [q for c in comps for q in c.get("questions", [])]
            bloc = self.bloc_of(comp_ids[0])
            bloc["competences"] = [c for c in bloc["competences"] if c["id"] not in comp_ids[1:]]
            first["indicateurs"] = []
            for ind in indicators:
                first["indicateurs"].append({"id": ind["id"] or self._next_id(first["id"], "I"), "texte": ind["texte"]})
            if not first["indicateurs"]:
                del first["indicateurs"]
            if not first["questions"]:
                del first["questions"]
            return first["id"]

        return self._edit(change)

    def add_indicator(self, comp_id: str, texte: str) -> str:
        text = _text(texte, "L’indicateur")
        if not self.competence(comp_id).get("indicateurs"):
            self._structure_frozen("détailler en indicateurs une compétence évaluée en entier")

        def change() -> str:
            ident = self._next_id(comp_id, "I")
            self.competence(comp_id).setdefault("indicateurs", []).append({"id": ident, "texte": text})
            return ident

        return self._edit(change)

    def reword_indicator(self, ind_id: str, texte: str) -> None:
        text = _text(texte, "L’indicateur")

        def change() -> None:
            ind = next((i for b in self.blocs for c in b["competences"] for i in c.get("indicateurs", [])
                        if i["id"] == ind_id), None)
            if ind is None:
                raise VaeError(f"Indicateur inconnu\u00a0: {ind_id}.")
            ind["texte"] = text

        self._edit(change)

    def remove_indicator(self, ind_id: str) -> None:
        self._structure_frozen("retirer un indicateur")

        def change() -> None:
            for b in self.blocs:
                for c in b["competences"]:
                    kept = [i for i in c.get("indicateurs", []) if i["id"] != ind_id]
                    if len(kept) != len(c.get("indicateurs", [])):
                        if kept:
                            c["indicateurs"] = kept
                        else:
                            del c["indicateurs"]
                        return
            raise VaeError(f"Indicateur inconnu\u00a0: {ind_id}.")

        self._edit(change)

    def add_question(self, comp_id: str, question: str) -> None:
        text = _text(question, "La question")
        self._edit(lambda: self.competence(comp_id).setdefault("questions", []).append(text))

    def set_dispense(self, diplome: str, intitule: str, blocs: list[str]) -> None:
        """Holders of ``diplome`` are exempt from ``blocs`` (replaces an earlier dispense for the same diploma)."""
        code = _text(diplome, "Le sigle du diplôme").upper()
        if not blocs:
            raise VaeError("Choisissez au moins un bloc dont le diplôme dispense.")

        def change() -> None:
            others = [d for d in self.data.get("dispenses", []) if d["diplome"].upper() != code]
            self.data["dispenses"] = [*others, {"diplome": code, "intitule": _text(intitule or code, "L’intitulé"),
                                                "blocs": list(blocs)}]

        self._edit(change)

    def remove_dispense(self, diplome: str) -> None:
        def change() -> None:
            kept = [d for d in self.data.get("dispenses", []) if d["diplome"].upper() != diplome.strip().upper()]
            if kept:
                self.data["dispenses"] = kept
            else:
                self.data.pop("dispenses", None)

        self._edit(change)

    # Saving ----------------------------------------------------------------------------------------------------
    def save(self, *, validated: bool = False, target: str | Path | None = None) -> Path:
        """Write the file (the replaced version goes to ``historique/``); ``validated`` drops the « à relire » mark.

        Refused when the file changed on disk since it was opened: reload, then redo the changes.
        """
        path = Path(target) if target is not None else self.path
        if path == self.path and _fingerprint(self.path) != self.fingerprint:
            raise VaeError(f"Enregistrement refusé\u00a0: {self.path} a été modifié ailleurs depuis son ouverture. "
                           "Rechargez-le, puis refaites vos changements.")
        data = copy.deepcopy(self.data)
        data["a_relire"] = data.get("a_relire", False) and not validated
        ref = Referentiel.model_validate(data)
        write_referentiel_file(path, ref, overwrite=True, header=HEADER)
        self.data["a_relire"] = data["a_relire"]
        if path == self.path:
            self.fingerprint = _fingerprint(self.path)
        self.changed = False
        return path
