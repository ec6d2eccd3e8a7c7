"""The référentiel of a certification: blocs → compétences → indicateurs, as validated data.

Everything certification-specific lives in a data file (``vae_toolkit/referentiels/<CODE>.yaml``);
this module only knows the shape shared by every RNCP fiche.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeLibelle(_Strict):
    code: str
    libelle: str


class Certificateur(_Strict):
    nom: str
    siret: str | None = None


class Activite(_Strict):
    id: str
    intitule: str
    taches: list[str]


class Fonction(_Strict):
    id: str
    intitule: str
    activites: list[Activite]


class Indicateur(_Strict):
    id: str
    alias: str | None = None
    """The numbering counsellors use, when the certifier has one (e.g. 1.1.1 in the DEIS arrêté of 2006)."""
    texte: str


class Competence(_Strict):
    """A compétence and its indicateurs as written in the file.

    A fiche often lists no indicateurs: the compétence is then itself the one unit the candidate rates and links
    situations to. :attr:`indicateurs` hides that difference from every screen, analysis and export: it gives the
    file's indicateurs, or one unit bearing the compétence's own id and text.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)

    id: str
    alias: str | None = None
    intitule: str
    questions: list[str] = Field(default_factory=list)
    indicateurs_du_fichier: list[Indicateur] = Field(default_factory=list, alias="indicateurs")

    @property
    def indicateurs(self) -> list[Indicateur]:
        """What the candidate rates: the indicateurs, or the compétence itself when it has none."""
        return self.indicateurs_du_fichier or [Indicateur(id=self.id, texte=self.intitule)]

    @property
    def evaluee_en_entier(self) -> bool:
        """True when the compétence has no indicateurs and is rated as a whole."""
        return not self.indicateurs_du_fichier


class PartieEpreuve(_Strict):
    note_sur: int | None = None
    coefficient: float | None = None
    duree_minutes: int | None = None
    collectif: bool = False
    deroulement: str | None = None


class Epreuve(_Strict):
    intitule: str
    forme: str
    pages_min: int | None = None
    pages_max: int | None = None
    signes_min: int | None = None
    signes_max: int | None = None
    ecrit: PartieEpreuve | None = None
    oral: PartieEpreuve | None = None
    organisation: str | None = None


class Bloc(_Strict):
    id: str
    code: str
    intitule: str
    ancien_code: str | None = None
    ancien_intitule: str | None = None
    competences: list[Competence] = Field(min_length=1)
    epreuve: Epreuve | None = None
    modalites_evaluation: str | None = None

    @property
    def indicateurs(self) -> list[Indicateur]:
        return [i for c in self.competences for i in c.indicateurs]


class Dispense(_Strict):
    diplome: str
    intitule: str
    blocs: list[str]


class CertificationAnterieure(_Strict):
    code: str
    intitule: str


class Referentiel(_Strict):
    """A whole certification. IDs of blocs, compétences and indicateurs are unique and stable."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,), serialize_by_alias=True)

    format: int = 1
    code: str
    sigle: str | None = None
    intitule: str
    niveau: int
    echeance: dt.date | None = None
    certificateurs: list[Certificateur] = Field(default_factory=list)
    nsf: list[CodeLibelle] = Field(default_factory=list)
    formacodes: list[CodeLibelle] = Field(default_factory=list)
    rome: list[CodeLibelle] = Field(default_factory=list)
    certification_anterieure: CertificationAnterieure | None = None
    objectifs: str | None = None
    emplois: list[str] = Field(default_factory=list)
    regle_obtention: str | None = None
    fonctions: list[Fonction] = Field(default_factory=list)
    blocs: list[Bloc] = Field(min_length=1)
    dispenses: list[Dispense] = Field(default_factory=list)
    allegements: str | None = None
    anciennes_certifications: list[str] = Field(default_factory=list)
    nouvelles_certifications: list[str] = Field(default_factory=list)
    a_relire: bool = False
    source: str | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Referentiel:
        seen: set[str] = set()
        ids = [b.id for b in self.blocs]
        ids += [c.id for b in self.blocs for c in b.competences]
        ids += [i.id for c in self.competences for i in c.indicateurs_du_fichier]
        ids += [f.id for f in self.fonctions]
        ids += [a for a in self._aliases() if a]
        for ident in ids:
            if ident in seen:
                raise ValueError(f"identifiant en double dans le référentiel : {ident}")
            seen.add(ident)
        bloc_ids = {b.id for b in self.blocs}
        for d in self.dispenses:
            unknown = set(d.blocs) - bloc_ids
            if unknown:
                raise ValueError(f"la dispense {d.diplome} vise un bloc inconnu : {', '.join(sorted(unknown))}")
        return self

    def _aliases(self) -> list[str | None]:
        return ([b.ancien_code for b in self.blocs] + [c.alias for c in self.competences]
                + [i.alias for i in self.indicateurs])

    @cached_property
    def _alias_index(self) -> dict[str, str]:
        out = {b.ancien_code: b.id for b in self.blocs if b.ancien_code}
        out.update({c.alias: c.id for c in self.competences if c.alias})
        out.update({i.alias: i.id for i in self.indicateurs if i.alias})
        return out

    def resolve(self, ident: str) -> str:
        """The stable ID for ``ident``, which may be an alias (« 1.1.1 », « C1.1 », « DC1 »); unknown: unchanged."""
        ident = ident.strip()
        if ident in self._index:
            return ident
        return self._alias_index.get(ident, self._alias_index.get(ident.upper(), ident))

    def alias(self, ident: str) -> str | None:
        """The numbering counsellors use for a stable ID (bloc: its ancien_code), None when there is none."""
        bloc, comp, ind = self._lookup(ident)
        if ind is not None:
            return ind.alias
        if comp is not None:
            return comp.alias
        return bloc.ancien_code

    def label(self, ident: str, *, final: bool = False) -> str:
        """How an ID is shown: « BC01.C1 (C1.1) » beside its alias; in a document for the jury the alias alone."""
        alias = self.alias(ident) if self.has(ident) else None
        if not alias:
            return ident
        return alias if final else f"{ident} ({alias})"

    @cached_property
    def _index(self) -> dict[str, tuple[Bloc, Competence | None, Indicateur | None]]:
        index: dict[str, tuple[Bloc, Competence | None, Indicateur | None]] = {}
        for b in self.blocs:
            index[b.id] = (b, None, None)
            for c in b.competences:
                index[c.id] = (b, c, None)
                for i in c.indicateurs:
                    index[i.id] = (b, c, i)
        return index

    @property
    def competences(self) -> list[Competence]:
        return [c for b in self.blocs for c in b.competences]

    @property
    def indicateurs(self) -> list[Indicateur]:
        return [i for b in self.blocs for i in b.indicateurs]

    @cached_property
    def indicator_ids(self) -> frozenset[str]:
        """Computed once (the model is frozen): every dossier read checks its references against it."""
        return frozenset(i.id for i in self.indicateurs)

    def bloc(self, ident: str) -> Bloc:
        """The bloc with this id (or the bloc holding this compétence or indicateur)."""
        return self._lookup(ident)[0]

    def competence(self, ident: str) -> Competence:
        """The compétence with this id (or the one holding this indicateur)."""
        comp = self._lookup(ident)[1]
        if comp is None:
            raise KeyError(ident)
        return comp

    def indicateur(self, ident: str) -> Indicateur:
        ind = self._lookup(ident)[2]
        if ind is None:
            raise KeyError(ident)
        return ind

    def _lookup(self, ident: str) -> tuple[Bloc, Competence | None, Indicateur | None]:
        try:
            return self._index[ident]
        except KeyError:
            raise KeyError(ident) from None

    def has(self, ident: str) -> bool:
        return ident in self._index

    def dispensed_blocs(self, diploma_codes: list[str]) -> dict[str, str]:
        """Blocs dispensed by the diplomas held: {bloc id: diploma code granting it}."""
        held = {c.strip().upper() for c in diploma_codes}
        out: dict[str, str] = {}
        for d in self.dispenses:
            if d.diplome.upper() in held:
                for b in d.blocs:
                    out.setdefault(b, d.diplome)
        return out
