"""The parcours page's logic: experiences and formations as ordered, editable lists; durations; feasibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vae_toolkit.analysis.feasibility import missing_fonctions
from vae_toolkit.analysis.durations import Duration, TypeSummary, format_months, merged_duration, summary_by_type
from vae_toolkit.journey.inputs import last_day, month_like, parse_date, parse_decimal, parse_month, parse_year
from vae_toolkit.journey.workspace import Workspace, new_id
from vae_toolkit.models.dossier import Experience, Formation, Structure, TypeExperience

NEW_EXPERIENCE = "Nouvelle expérience"
NEW_FORMATION = "Nouvelle formation"
LISTS = ("experiences", "formations")


@dataclass(frozen=True)
class DurationReport:
    """What the parcours adds up to, ready to show."""

    total: Duration
    by_type: list[TypeSummary]

    def sentence(self) -> str:
        """« 12 ans et 3 mois d’expérience en équivalent temps plein (14 ans de calendrier) »."""
        if not self.total.calendar_days:
            return "Aucune expérience saisie pour l’instant."
        return (f"{format_months(self.total.fte_months)} d’expérience en équivalent temps plein, sur "
                f"{format_months(self.total.calendar_months)} de calendrier (périodes qui se chevauchent "
                "comptées une fois, temps partiels pondérés).")


class ParcoursModel:
    """Edits of ``experiences``, ``formations``, ``motivation`` and ``projet`` on a workspace."""

    def __init__(self, ws: Workspace, *, today: dt.date | None = None) -> None:
        self.ws = ws
        self.today = today or dt.date.today()

    def items(self, kind: str) -> list:
        if kind not in LISTS:
            raise ValueError(kind)
        return getattr(self.ws.dossier, kind)

    def add_experience(self) -> int:
        """Append a new experience (to be filled in) and return its index.

        Idempotent: while the last one added is untouched, its index is returned (a double click adds one).
        """
        exps = self.ws.dossier.experiences
        if exps and exps[-1] == self._new_experience(exps[-1].id):
            return len(exps) - 1
        exps.append(self._new_experience(new_id("exp", (e.id for e in exps))))
        self.ws.changed()
        return len(exps) - 1

    def _new_experience(self, ident: str) -> Experience:
        return Experience(id=ident, intitule_poste=NEW_EXPERIENCE, type=TypeExperience.salarie, debut=self.today)

    def add_formation(self) -> int:
        """Append a new formation and return its index (the untouched last one again, as for experiences)."""
        forms = self.ws.dossier.formations
        if forms and forms[-1] == Formation(id=forms[-1].id, intitule=NEW_FORMATION):
            return len(forms) - 1
        forms.append(Formation(id=new_id("form", (f.id for f in forms)), intitule=NEW_FORMATION))
        self.ws.changed()
        return len(forms) - 1

    def move(self, kind: str, index: int, delta: int) -> int:
        """Move an item up (-1) or down (+1); returns its new index (unchanged at either end)."""
        items = self.items(kind)
        target = index + delta
        if not 0 <= target < len(items):
            return index
        items[index], items[target] = items[target], items[index]
        self.ws.changed()
        return target

    def delete(self, kind: str, index: int) -> str | None:
        """Remove an item; situations that cited a removed experience are detached (said in the message)."""
        item = self.items(kind).pop(index)
        note = None
        if kind == "experiences":
            detached = [s for s in self.ws.dossier.situations if item.id in s.experience_ids]
            for s in detached:
                s.experience_ids = [e for e in s.experience_ids if e != item.id]
            if detached:
                note = (f"{len(detached)} situation(s) ne sont plus rattachées à cette expérience : "
                        + ", ".join(f"« {s.titre} »" for s in detached) + ".")
        self.ws.changed()
        return note

    def set(self, kind: str, index: int, name: str, value: object) -> str | None:
        """Set a field of an experience or formation; the French reason when refused."""
        return self.ws.edit(self.items(kind)[index], name, value)

    def set_date(self, index: int, name: str, text: str) -> str | None:
        """``debut`` or ``fin`` of an experience typed as jj/mm/aaaa, or mm/aaaa when the day is not known
        (the first of the month for a start, its last day for an end); a blank end: still in this post."""
        value, error = parse_date(text, today=self.today, required=name == "debut")
        if error and month_like(text):
            value, error = parse_month(text, today=self.today)
            if error is None and name == "fin":
                value = min(last_day(value), self.today)  # type: ignore[arg-type]
        return error or self.set("experiences", index, name, value)

    def set_quotite(self, index: int, text: str) -> str | None:
        """The share of a full time, typed « 0,8 », « 0.8 » or « 80 % »."""
        value, error = parse_decimal(text)
        if error is None and value is None:
            error = "Indiquez la part d’un temps plein, par exemple 1 (temps plein), 0,5 ou 80 %."
        return error or self.set("experiences", index, "quotite", value)

    def set_formation_year(self, index: int, text: str) -> str | None:
        value, error = parse_year(text, today=self.today)
        return error or self.set("formations", index, "annee", value)

    def set_formation_hours(self, index: int, text: str) -> str | None:
        value, error = parse_decimal(text)
        return error or self.set("formations", index, "duree_heures", value)

    def set_structure(self, index: int, name: str, value: str) -> str | None:
        structure: Structure = self.ws.dossier.experiences[index].structure
        return self.ws.edit(structure, name, value)

    def set_missions(self, index: int, text: str) -> str | None:
        """One mission per non-blank line."""
        missions = [line.strip() for line in text.splitlines() if line.strip()]
        return self.set("experiences", index, "missions", missions)

    def set_fonctions(self, index: int, fonctions: list[str]) -> str | None:
        known = [f.id for f in self.ws.ref.fonctions if f.id in fonctions]
        return self.set("experiences", index, "fonctions", known)

    def set_text(self, name: str, value: str) -> str | None:
        """``motivation`` or ``projet`` of the profile, or the dossier's ``conclusion``."""
        if name == "conclusion":
            return self.ws.edit(self.ws.dossier, name, value)
        if name not in ("motivation", "projet"):
            raise ValueError(name)
        return self.ws.edit(self.ws.dossier.profil, name, value)

    def durations(self) -> DurationReport:
        exps = self.ws.dossier.experiences
        return DurationReport(merged_duration(exps, self.today), summary_by_type(exps, self.today, self.ws.dossier.profil.accord))

    def feasibility_warning(self) -> str | None:
        """The fonctions no experience declares, as a French warning (None when all are covered)."""
        missing = missing_fonctions(self.ws.dossier, self.ws.ref)
        if not missing:
            return None
        names = [f"« {f.intitule} »" for f in missing]
        which = (f"de la fonction {names[0]}" if len(names) == 1
                 else f"des fonctions {', '.join(names[:-1])} et {names[-1]}")
        return (f"Aucune de vos expériences ne relève encore {which}. La recevabilité demande au "
                "moins une activité dans chacune des fonctions du diplôme : cochez les fonctions exercées dans "
                "chaque expérience, ou ajoutez l’expérience qui manque.")
