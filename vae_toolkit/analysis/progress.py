"""Progress of a dossier per bloc and compétence: ratings given, situations written, words and signes.

Plain Python on purpose (no pandas): ``vae status`` must start fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from vae_toolkit.analysis.text import count_signes, count_words, narrative
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.status import BlocStatus


@dataclass
class Counts:
    indicateurs: int = 0
    evalues: int = 0
    avec_situation: int = 0
    situations: int = 0
    mots: int = 0
    signes: int = 0


@dataclass
class CompetenceProgress(Counts):
    id: str = ""
    intitule: str = ""


@dataclass
class BlocProgress(Counts):
    id: str = ""
    code: str = ""
    intitule: str = ""
    statut: BlocStatus = BlocStatus.vise  # vise | dispense | acquis | non_vise
    dispense_par: str | None = None
    competences: list[CompetenceProgress] = field(default_factory=list)


def blocs_status(dossier: Dossier, ref: Referentiel) -> dict[str, tuple[str, str | None]]:
    """For each bloc: ('vise' | 'dispense' | 'acquis' | 'non_vise', what grants the dispense or the acquisition).

    A bloc acquired at a jury (``dossier.jury``) is kept for good: neither aimed at nor missing any more.
    """
    dispensed = ref.dispensed_blocs(dossier.diploma_codes())
    acquired = set(dossier.jury.acquired())
    when = dossier.jury.session.date
    by_jury = f"jury du {when.strftime('%d/%m/%Y')}" if when else "jury"
    aimed = {b.id for b in ref.blocs} if dossier.profil.objectif == "diplome_complet" else set(dossier.profil.blocs_vises)
    out: dict[str, tuple[str, str | None]] = {}
    for b in ref.blocs:
        if b.id in dispensed:
            out[b.id] = (BlocStatus.dispense, dispensed[b.id])
        elif b.id in acquired:
            out[b.id] = (BlocStatus.acquis, by_jury)
        elif b.id in aimed:
            out[b.id] = (BlocStatus.vise, None)
        else:
            out[b.id] = (BlocStatus.non_vise, None)
    return out


def progress(dossier: Dossier, ref: Referentiel) -> list[BlocProgress]:
    """Per bloc and compétence counts; a situation counts once per compétence it evidences."""
    texts = {s.id: narrative(s) for s in dossier.situations}
    status = blocs_status(dossier, ref)
    out = []
    for bloc in ref.blocs:
        bp = BlocProgress(id=bloc.id, code=bloc.code, intitule=bloc.intitule,
                          statut=status[bloc.id][0], dispense_par=status[bloc.id][1])
        bloc_situations: set[str] = set()
        for comp in bloc.competences:
            ids = [i.id for i in comp.indicateurs]
            sits = [s for s in dossier.situations if set(s.indicateurs) & set(ids)]
            cp = CompetenceProgress(
                id=comp.id,
                intitule=comp.intitule,
                indicateurs=len(ids),
                evalues=sum(1 for i in ids if i in dossier.auto_evaluation),
                avec_situation=sum(1 for i in ids if any(i in s.indicateurs for s in sits)),
                situations=len(sits),
                mots=sum(count_words(texts[s.id]) for s in sits),
                signes=sum(count_signes(texts[s.id]) for s in sits),
            )
            bp.competences.append(cp)
            bloc_situations |= {s.id for s in sits}
            bp.indicateurs += cp.indicateurs
            bp.evalues += cp.evalues
            bp.avec_situation += cp.avec_situation
        bp.situations = len(bloc_situations)
        bp.mots = sum(count_words(texts[s]) for s in bloc_situations)
        bp.signes = sum(count_signes(texts[s]) for s in bloc_situations)
        out.append(bp)
    return out


def progress_as_dict(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict:
    """JSON-ready progress, keyed by stable IDs: counts, « avancement » (covered indicators) and durations."""
    from vae_toolkit.analysis.avancement import avancement
    from vae_toolkit.analysis.durations import durations_as_dict

    done = avancement(dossier, ref, today)
    blocs = []
    for b in progress(dossier, ref):
        entry = asdict(b)
        entry["avancement"] = asdict(done[b.id]) | {"pourcentage": done[b.id].pourcentage}
        for c in entry["competences"]:
            c["avancement"] = asdict(done[c["id"]]) | {"pourcentage": done[c["id"]].pourcentage}
            c["alias"] = ref.alias(c["id"])
        blocs.append(entry)
    return {
        "certification": ref.code,
        "candidat": f"{dossier.profil.prenom} {dossier.profil.nom}".strip(),
        "blocs": blocs,
        "situations": len(dossier.situations),
        "experiences": len(dossier.experiences),
        "pieces": len(dossier.pieces),
        "durees": durations_as_dict(dossier, today),
    }
