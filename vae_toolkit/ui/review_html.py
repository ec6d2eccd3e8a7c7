"""The HTML of the review screen: the candidate's work on one compétence beside the gap analysis, dated comments,
and the changes since the last review (every piece of the candidate's text autoescaped)."""

from __future__ import annotations

from vae_toolkit.analysis.text import NARRATIVE_PARTS
from vae_toolkit.journey.html import ENV
from vae_toolkit.journey.review import ReviewWork
from vae_toolkit.models.wording import RATING_LABELS

WORK_HTML = ENV.from_string("""
<div class="vae-review-work">
<h4>{{ label(comp.id) }} – {{ comp.intitule }}</h4>
<table><tr><th>Indicateur</th><th>Auto-évaluation</th><th>Analyse des écarts</th></tr>
{% for ind in indicators %}<tr><td>{{ ind.label }} {{ ind.texte }}</td><td>{{ ind.rating }}</td>
<td><b>{{ ind.status }}</b><br>{{ ind.reason }}</td></tr>
{% endfor %}</table>
<p>Grille France VAE proposée par l’analyse : <b>{{ grid }}</b> ({{ grid_reason }})</p>
{% for sit in situations %}<details><summary>Situation {{ sit.id }} – {{ sit.titre }}</summary>
{% for label, text in sit.parts %}<p><b>{{ label }}</b></p><p class="vae-text">{{ text }}</p>{% endfor %}
</details>{% else %}<p><i>Aucune situation du candidat n’illustre cette compétence.</i></p>{% endfor %}
</div>""")

COMMENTS_HTML = ENV.from_string("""{% for c in comments %}<p class="vae-comment"><b>{{ c.auteur }}</b>,
le {{ c.date.strftime('%d/%m/%Y à %H:%M') }} : <span class="vae-text">{{ c.texte }}</span></p>
{% else %}<p><i>Pas encore de commentaire.</i></p>{% endfor %}""")

CHANGES_HTML = ENV.from_string("""<p>{{ diff.note }}</p>
{% if diff.changes %}<table><tr><th>Quoi</th><th>Élément</th><th>Détail</th></tr>
{% for c in diff.changes %}<tr><td>{{ c.section }} ({{ c.kind }})</td><td>{{ c.label }}</td><td>{{ c.detail }}
{% if c.before or c.after %}<div class="vae-text">{% for op, words in word_diff(c.before, c.after) %}
{% if op == '+' %}<ins>{{ words }}</ins>{% elif op == '-' %}<del>{{ words }}</del>{% else %}{{ words }}{% endif %} {% endfor %}
</div>{% endif %}</td></tr>{% endfor %}</table>
{% elif diff.baseline != 'aucune' %}<p>Aucun changement depuis la dernière revue.</p>{% endif %}""")


STYLE = """<style>.vae-review table { border-collapse: collapse; } .vae-review td, .vae-review th { border-bottom:
1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; } .vae-text { white-space: pre-wrap; }
.vae-review ins { background: #e6ffec; } .vae-review del { background: #ffebe9; }</style>"""


def work_html(work: ReviewWork, comp_id: str) -> str:
    """The candidate's work on one compétence and the gap analysis beside it, escaped."""
    comp = work.ref.competence(comp_id)
    ids = {i.id for i in comp.indicateurs}
    table = work.analysis.indicateurs
    indicators = [{"id": i.id, "label": work.ref.label(i.id), "texte": i.texte,
                   "rating": RATING_LABELS[work.dossier.auto_evaluation.get(i.id)],
                   "status": table.at[i.id, "statut_libelle"], "reason": table.at[i.id, "raison"]}
                  for i in comp.indicateurs]
    situations = [{"id": s.id, "titre": s.titre,
                   "parts": [(label, getattr(s, part)) for part, label in NARRATIVE_PARTS.items() if getattr(s, part)]}
                  for s in work.dossier.situations if ids & set(s.indicateurs)]
    grid = work.analysis.competences.loc[comp_id]
    return WORK_HTML.render(comp=comp, label=work.ref.label, indicators=indicators, grid=grid["grille_libelle"],
                            grid_reason=grid["grille_raison"], situations=situations)

