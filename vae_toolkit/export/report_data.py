"""The data of the gap report and of the review report, as plain dicts for the templates.

Charts are rendered to SVG text here (vector graphics for print); templates embed them, never build them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from vae_toolkit.analysis import charts
from vae_toolkit.analysis.anonymisation import apply
from vae_toolkit.analysis.durations import durations_as_dict
from vae_toolkit.analysis.gaps import GapAnalysis, analyse
from vae_toolkit.analysis.grid import COMMENT_LIMIT
from vae_toolkit.models.status import BlocStatus, Evidence
from vae_toolkit.models.wording import date_fr, display_name, month_fr
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.review import Review


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.1f}".replace(".", ",")
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return value.item() if hasattr(value, "item") else value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [{"id": str(ident), **{c: _cell(row[c]) for c in columns}} for ident, row in frame.iterrows()]


def figures(analysis: GapAnalysis, dossier: Dossier) -> dict[str, str]:
    """The three charts of the gap analysis as SVG documents."""
    return {"radar": charts.to_svg(charts.radar(analysis)),
            "heatmap": charts.to_svg(charts.heatmap(analysis, dossier)),
            "couverture": charts.to_svg(charts.coverage_bars(analysis))}


def _header(dossier: Dossier, ref: Referentiel, today: dt.date) -> dict[str, Any]:
    return {"candidat": display_name(dossier), "date": date_fr(today),
            "certification": {"code": ref.code, "intitule": ref.intitule, "sigle": ref.sigle or "",
                              "niveau": ref.niveau}}


def gaps_context(dossier: Dossier, ref: Referentiel, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the gap report shows: counts, tables per bloc, grid and bloc comments, charts, recommendations.

    Built from the dossier with its anonymisation table applied.
    """
    today = today or dt.date.today()
    dossier = apply(dossier)
    a = analyse(dossier, ref, today=today)
    counts = a.indicateurs["statut"].value_counts()
    blocs = []
    for bloc_id, b in a.blocs.iterrows():
        ind = a.indicateurs[a.indicateurs["bloc"] == bloc_id]
        comps = a.competences[a.competences["bloc"] == bloc_id]
        blocs.append({
            "id": str(bloc_id), "code": b["code"], "intitule": b["intitule"], "statut": b["statut_bloc"],
            "dispense_par": b["dispense_par"] or "", "preparation": b["preparation_libelle"],
            "couverture": f"{b['couverts']}/{b['indicateurs']}",
            "pretes": f"{b['competences_pretes']}/{b['competences']}",
            "commentaire": b["commentaire"], "commentaire_longueur": len(b["commentaire"]),
            "competences": [c | {"label": ref.label(c["id"]), "derniere_pratique": _practice(c["derniere_pratique"])}
                            for c in _records(comps.assign(couverture=comps["couverts"].astype(str) + "/"
                                                           + comps["indicateurs"].astype(str)),
                                              ["intitule", "couverture", "auto_moyenne", "grille_libelle",
                                               "grille_raison", "preparation_libelle", "points_faibles",
                                               "derniere_pratique", "recence_message"])],
            "indicateurs": _records(ind, ["competence", "texte", "statut", "statut_libelle", "auto_libelle",
                                          "nb_situations", "nb_pieces", "raison"]),
        })
    recs = [{"priorite": r.priorite, "priorite_libelle": r.priorite_libelle, "cible": r.cible, "texte": r.texte,
             "bloc": r.bloc or ""} for r in sorted(a.recommandations, key=lambda r: r.priorite)]
    return {
        "kind": "gaps", "titre": "Analyse des écarts", "sous_titre": "Au regard du référentiel de certification",
        **_header(dossier, ref, today),
        "compte": {"couvert": int(counts.get("couvert", 0)), "a_etayer": int(counts.get("a_etayer", 0)),
                   "lacune": int(counts.get("lacune", 0)),
                   "hors": int(counts.get(Evidence.non_vise, 0) + counts.get(Evidence.dispense, 0))},
        "blocs": blocs,
        "blocs_vises": [b for b in blocs if b["statut"] == BlocStatus.vise],
        "fonctions": _records(a.fonctions, ["intitule", "nb_experiences", "statut_libelle"]),
        "auto_vs_preuves": _records(a.auto_vs_preuves, ["competence", "texte", "auto_libelle", "ecart_libelle",
                                                        "explication"]),
        "recommandations": recs, "limite_commentaire": COMMENT_LIMIT,
        "durees": durations_as_dict(dossier, today), "seuil_recence": dossier.reglages.recence_annees,
        "figures": figures(a, dossier),
    }


def _practice(iso: str | None) -> str:
    """« juin 2019 » for the last practice of a compétence, « – » when no situation is dated."""
    try:
        return month_fr(dt.date.fromisoformat(str(iso)))
    except ValueError:  # None, or shown as « – » by _records
        return "–"


def review_context(dossier: Dossier, ref: Referentiel, today: dt.date | None = None, *,
                   review: Review) -> dict[str, Any]:
    """The review report (:func:`vae_toolkit.analysis.review_report.review_report`) with the grid comments."""
    from vae_toolkit.analysis.review_report import review_report

    data = review_report(dossier, review, ref, today=today)
    data["certification"]["niveau"] = ref.niveau
    today = today or dt.date.today()
    return {"kind": "review", "titre": "Rapport de revue", "sous_titre": "Accompagnement VAE – avis du conseiller",
            **data, "date": date_fr(today), "limite_commentaire": COMMENT_LIMIT}
