"""The gap analysis of one dossier as its screen shows it (no widgets): the bloc shown, and each table, the
recommendations and the charts for it, as escaped HTML (pandas Styler with ``escape="html"``, Jinja2 with autoescape)
and PNG.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from vae_toolkit.analysis import charts
from vae_toolkit.analysis.gaps import GapAnalysis, analyse, restrict
from vae_toolkit.journey.html import ENV
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.models.status import Evidence
from vae_toolkit.models.wording import display_name
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier

ALL_BLOCS = "Tous les blocs"


HEADER_HTML = ENV.from_string("""<div class="vae-gaps"><h3>Analyse des écarts – {{ name }}</h3>
<p>{{ ref.code }} {{ ref.intitule }} · au {{ date.strftime('%d/%m/%Y') }}&nbsp;:
<b>{{ counts.couvert }}</b> indicateur(s) couvert(s), <b>{{ counts.a_etayer }}</b> à étayer,
<b>{{ counts.lacune }}</b> lacune(s){% if counts.hors %}, {{ counts.hors }} hors des blocs visés{% endif %}.</p></div>""")

RECS_HTML = ENV.from_string("""<div class="vae-gaps">{% for r in recs %}
<p class="vae-prio-{{ r.priorite }}"><b>{{ r.priorite_libelle }}</b> · <code>{{ r.cible }}</code> – {{ r.texte }}</p>
{% else %}<p><i>Aucune recommandation pour ce bloc.</i></p>{% endfor %}</div>""")

COMMENTS_HTML = ENV.from_string("""<div class="vae-gaps">{% for b in blocs %}
<details><summary>Commentaire proposé pour {{ b.id }} ({{ b.length }} / {{ limit }} caractères)</summary>
<p class="vae-text">{{ b.text }}</p></details>{% endfor %}</div>""")


INDICATOR_COLUMNS = {"texte": "Indicateur", "statut_libelle": "Statut", "auto_libelle": "Auto-évaluation",
                     "nb_situations": "Situations", "nb_situations_completes": "Complètes", "nb_pieces": "Pièces",
                     "recence_annees": "Ancienneté (ans)", "raison": "Raison"}
COMPETENCE_COLUMNS = {"intitule": "Compétence", "couverture": "Couverts", "auto_moyenne": "Auto-évaluation moyenne",
                      "grille_libelle": "Grille", "preparation_libelle": "Préparation", "faibles": "Points faibles"}
BLOC_COLUMNS = {"intitule": "Bloc", "preparation_libelle": "Préparation", "couverture": "Indicateurs couverts",
                "pretes": "Compétences prêtes"}
GRID_COLUMNS = {"intitule": "Compétence", "grille_libelle": "Proposition", "grille_raison": "Pourquoi"}
RATING_COLUMNS = {"texte": "Indicateur", "auto_libelle": "Auto-évaluation", "ecart_libelle": "Écart",
                  "explication": "Explication"}


def table_html(frame: pd.DataFrame, columns: dict[str, str], index_label: str = "Identifiant",
               status: pd.Series | None = None) -> str:
    """An escaped HTML table of ``columns`` (key → French header); cells of gap rows get a status class."""
    if frame.empty:
        return "<p><i>Rien à afficher.</i></p>"
    shown = frame[list(columns)].rename(columns=columns)
    shown.index.name = index_label
    # French numbers: « 3,5 », « 0 », « 6 900 » (a narrow no-break space between thousands).
    floats = {c: french_decimal for c in shown.columns if pd.api.types.is_float_dtype(shown[c])}
    styler = shown.style.format(floats, na_rep="–", precision=1, decimal=",", thousands="\u202f",
                                escape="html").format_index(escape="html", axis=0)
    if status is not None:
        classes = pd.DataFrame({c: status.loc[shown.index].map(lambda s: f"vae-{s}") for c in shown.columns},
                               index=shown.index)
        styler = styler.set_td_classes(classes)
    return f"<div class='vae-gaps'>{styler.to_html()}</div>"


def french_decimal(value: float) -> str:
    """One decimal, none when it is zero (« 0 », not « 0,0 »); the Styler then puts the French separators."""
    return f"{value:,.1f}".removesuffix(".0")


def _ratio(frame: pd.DataFrame, num: str, den: str) -> pd.Series:
    return frame[num].astype(str) + "/" + frame[den].astype(str)


class GapsState:
    """One dossier's analysis and the bloc currently shown (``None``: every bloc)."""

    def __init__(self, dossier: Dossier, ref: Referentiel, *, today: dt.date | None = None,
                 name: str | None = None) -> None:
        self.dossier, self.ref = dossier, ref
        self.analysis = analyse(dossier, ref, today=today)
        self.name = name or display_name(dossier)
        self.bloc: str | None = None

    @classmethod
    def from_folder(cls, folder: str | Path, *, today: dt.date | None = None) -> GapsState:
        dossier = load_dossier(folder).model
        return cls(dossier, load_referentiel(dossier.certification), today=today)

    def shown(self) -> GapAnalysis:
        return restrict(self.analysis, self.bloc)

    def bloc_options(self) -> list[tuple[str, str]]:
        """(label, bloc id) for the filter; the empty id means every bloc."""
        return [(ALL_BLOCS, "")] + [(f"{b.id} – {b.intitule}", b.id) for b in self.ref.blocs]

    def header_html(self) -> str:
        counts = self.analysis.indicateurs["statut"].value_counts()
        return HEADER_HTML.render(name=self.name, ref=self.ref, date=self.analysis.date, counts={
            "couvert": counts.get("couvert", 0), "a_etayer": counts.get("a_etayer", 0),
            "lacune": counts.get("lacune", 0), "hors": counts.get(Evidence.non_vise, 0) + counts.get(Evidence.dispense, 0)})

    def indicators_html(self) -> str:
        ind = self.shown().indicateurs
        return table_html(ind, INDICATOR_COLUMNS, status=ind["statut"])

    def competences_html(self) -> str:
        a = self.shown()
        comps = a.competences.assign(couverture=_ratio(a.competences, "couverts", "indicateurs"),
                                     faibles=a.competences["points_faibles"].map(", ".join))
        blocs = a.blocs.assign(couverture=_ratio(a.blocs, "couverts", "indicateurs"),
                               pretes=_ratio(a.blocs, "competences_pretes", "competences"))
        return (table_html(blocs, BLOC_COLUMNS, status=blocs["preparation"])
                + table_html(comps, COMPETENCE_COLUMNS, status=comps["preparation"]))

    def grid_html(self) -> str:
        from vae_toolkit.analysis.grid import COMMENT_LIMIT

        a = self.shown()
        blocs = [{"id": i, "text": b["commentaire"], "length": len(b["commentaire"])} for i, b in a.blocs.iterrows()]
        return table_html(a.grille, GRID_COLUMNS) + COMMENTS_HTML.render(blocs=blocs, limit=COMMENT_LIMIT)

    def ratings_html(self) -> str:
        return table_html(self.shown().auto_vs_preuves, RATING_COLUMNS)

    def recommendations_html(self) -> str:
        return RECS_HTML.render(recs=self.shown().recommandations)

    def chart_images(self) -> dict[str, bytes]:
        """PNG of each chart for the bloc shown."""
        a = self.shown()
        figures = {"radar": charts.radar(a), "heatmap": charts.heatmap(a, self.dossier),
                   "couverture": charts.coverage_bars(a)}
        return {k: charts.to_png(f, dpi=96) for k, f in figures.items()}
