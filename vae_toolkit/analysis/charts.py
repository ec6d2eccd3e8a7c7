"""Charts of the gap analysis, as matplotlib Figures readable in print (greyscale-safe, French labels).

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot, no global backend
switch: saving renders with Agg), so the
notebook, the exports and the tests can make as many as they want; :func:`to_png` / :func:`to_svg` render them.
"""

from __future__ import annotations

import io
import math
import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from vae_toolkit.analysis.gaps import GapAnalysis
from vae_toolkit.models.dossier import Dossier
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import BLOC_STATUS_LABELS, RATING_LABELS

# Distinct in greyscale: fill darkness and hatching both tell the statuses apart.
STATUS_STYLE = {
    "couvert": {"label": "Couvert", "color": "#333333", "hatch": ""},
    "a_etayer": {"label": "À étayer", "color": "#a6a6a6", "hatch": "///"},
    "lacune": {"label": "Lacune", "color": "#ffffff", "hatch": "xx"},
}
FONT_SIZE = 9


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _aimed_competences(analysis: GapAnalysis) -> list[str]:
    comps = analysis.competences
    aimed = comps[comps["statut_bloc"] == BlocStatus.vise]
    return list((aimed if len(aimed) else comps).index)


def radar(analysis: GapAnalysis) -> Figure:
    """Self-rating (mean per compétence, 0 = not rated) against evidence (share of indicators covered × 4),
    one axis per compétence of the blocs aimed at, grouped by bloc."""
    ids = _aimed_competences(analysis)
    comps = analysis.competences.loc[ids]
    fig = _figure(6.5, 6.5)
    ax = fig.add_subplot(projection="polar")
    n = len(ids)
    angles = [2 * math.pi * k / n for k in range(n)] + [0.0]
    ratings = [0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
               for v in comps["auto_moyenne"]]
    evidence = [4 * float(v) for v in comps["part_couverte"]]
    ax.plot(angles, ratings + ratings[:1], color="black", linewidth=2, marker="o", label="Auto-évaluation moyenne")
    ax.fill(angles, ratings + ratings[:1], color="black", alpha=0.08)
    ax.plot(angles, evidence + evidence[:1], color="#555555", linewidth=1.5, linestyle="--", marker="s",
            label="Preuves (part couverte, ramenée sur 4)")
    ax.set_ylim(0, 4)
    ax.set_rlabel_position(180 / n)  # between the first two axes, away from the compétence labels
    ax.set_yticks([1, 2, 3, 4])
    ax.set_yticklabels([RATING_LABELS[k] for k in (1, 2, 3, 4)], fontsize=FONT_SIZE - 2, color="#444444")
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels(ids, fontsize=FONT_SIZE)
    ax.grid(color="#bbbbbb", linewidth=0.6)
    ax.set_title("Auto-évaluation et preuves par compétence", fontsize=FONT_SIZE + 2)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=1, fontsize=FONT_SIZE, frameon=False)
    return fig


def experience_matrix(analysis: GapAnalysis, dossier: Dossier) -> tuple[list[str], list[str], list[list[int]]]:
    """(experience labels, compétence ids, counts): indicators of each compétence evidenced through the
    situations of each experience; situations with no experience fall in a last « Sans expérience » row."""
    comp_of = analysis.indicateurs["competence"].to_dict()
    comps = list(analysis.competences.index)
    col = {c: j for j, c in enumerate(comps)}
    rows: dict[str | None, set[tuple[str, str]]] = {e.id: set() for e in dossier.experiences}
    for s in dossier.situations:
        keys = [e for e in s.experience_ids if e in rows] or [None]
        for key in keys:
            rows.setdefault(key, set()).update((comp_of[i], i) for i in s.indicateurs if i in comp_of)
    labels, counts = [], []
    names = {e.id: e for e in dossier.experiences}
    for key, pairs in rows.items():
        if key is None:
            labels.append("Sans expérience")
        else:
            e = names[key]
            period = f"{e.debut.year}–{e.fin.year if e.fin else 'auj.'}"
            labels.append(textwrap.shorten(e.intitule_poste, 38, placeholder="…") + f" ({period})")
        line = [0] * len(comps)
        for comp, _ in pairs:
            line[col[comp]] += 1
        counts.append(line)
    return labels, comps, counts


def heatmap(analysis: GapAnalysis, dossier: Dossier) -> Figure:
    """Experiences × compétences: how many indicators of each compétence the experience's situations evidence."""
    labels, comps, counts = experience_matrix(analysis, dossier)
    fig = _figure(max(6.0, 0.6 * len(comps) + 3.5), max(2.5, 0.45 * len(labels) + 1.6))
    ax = fig.add_subplot()
    if not labels:
        ax.text(0.5, 0.5, "Aucune expérience ni situation pour l’instant.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    top = max(1, max(max(line) for line in counts))
    image = ax.imshow(counts, cmap="Greys", vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(len(comps)), comps, rotation=45, ha="right", fontsize=FONT_SIZE)
    ax.set_yticks(range(len(labels)), labels, fontsize=FONT_SIZE)
    for i, line in enumerate(counts):
        for j, value in enumerate(line):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=FONT_SIZE,
                        color="white" if value > top / 2 else "black")
    ax.set_xticks([x - 0.5 for x in range(1, len(comps))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(labels))], minor=True)
    ax.grid(which="minor", color="#888888", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=range(top + 1))
    bar.set_label("Indicateurs illustrés", fontsize=FONT_SIZE)
    ax.set_title("Ce que chaque expérience permet de montrer", fontsize=FONT_SIZE + 2)
    return fig


def coverage_bars(analysis: GapAnalysis) -> Figure:
    """One horizontal bar per compétence: indicators couverts, à étayer and lacunes (hatched, greyscale-safe)."""
    comps = analysis.competences
    ids = list(comps.index)
    fig = _figure(7.0, max(2.5, 0.38 * len(ids) + 1.4))
    ax = fig.add_subplot()
    positions = list(range(len(ids)))[::-1]
    left = [0] * len(ids)
    for key, column in (("couvert", "couverts"), ("a_etayer", "a_etayer"), ("lacune", "lacunes")):
        style = STATUS_STYLE[key]
        values = [int(v) for v in comps[column]]
        ax.barh(positions, values, left=left, color=style["color"], hatch=style["hatch"], edgecolor="black",
                linewidth=0.7, height=0.65)
        left = [a + b for a, b in zip(left, values, strict=True)]
    labels = []
    for ident, row in comps.iterrows():
        suffix = f" ({BLOC_STATUS_LABELS[row['statut_bloc']].lower()})" if row["statut_bloc"] != BlocStatus.vise else ""
        labels.append(f"{ident}{suffix}")
    ax.set_yticks(positions, labels, fontsize=FONT_SIZE)
    ax.set_xlabel("Nombre d’indicateurs", fontsize=FONT_SIZE)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor=s["color"], hatch=s["hatch"], edgecolor="black", label=s["label"])
               for s in STATUS_STYLE.values()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=FONT_SIZE,
              frameon=False)
    ax.set_title("Couverture des indicateurs par compétence", fontsize=FONT_SIZE + 2, pad=24)
    return fig


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (for widgets and HTML reports)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document (for print-quality reports)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()
