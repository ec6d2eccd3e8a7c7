"""The counsellor's review screen: the candidate's work competence by competence, the gap analysis beside it,
statuses, ratings, dated comments, the overall opinion, and what changed since the last review.

:class:`ReviewWork` holds the state and every action (no widgets); :class:`ReviewView` binds controls to it.
Each action is saved at once in ``revue.yaml``; the candidate's ``dossier.yaml`` is only ever read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
from pydantic import ValidationError

from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.analysis.progress import blocs_status
from vae_toolkit.analysis.review_diff import ReviewDiff, changes_since_review, word_diff
from vae_toolkit.analysis.text import NARRATIVE_PARTS
from vae_toolkit.errors import VaeError
from vae_toolkit.models.status import BlocStatus
from vae_toolkit.models.wording import RATING_LABELS, display_name
from vae_toolkit.models.messages import problems_from
from vae_toolkit.models.review import Avis, CompetenceReview, Grille, Review, Statut, add_comment, orphan_situations
from vae_toolkit.models.wording import AVIS_LABELS, GRILLE_LABELS, STATUT_LABELS
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.review import ReviewSession, reviewed_version
from vae_toolkit.ui.common import ENV, error_message, folder_screen, message_html

MERGED = "La revue avait été modifiée ailleurs entre-temps : votre changement a été ajouté à la version actuelle."


class ReviewWork:
    """One dossier under review: the candidate's dossier (read only), its gap analysis and the review session."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        loaded = load_dossier(self.folder)
        self.dossier, self.dossier_fingerprint = loaded.model, loaded.fingerprint
        self.ref = load_referentiel(self.dossier.certification)
        self.analysis = analyse(self.dossier, self.ref)
        self.session = ReviewSession(self.folder)
        status = blocs_status(self.dossier, self.ref)
        self.blocs = [b for b in self.ref.blocs if status[b.id][0] == BlocStatus.vise]
        self.warnings = [p.message for p in orphan_situations(self.review, self.dossier)]

    @property
    def review(self) -> Review:
        return self.session.review

    @property
    def candidate(self) -> str:
        return display_name(self.dossier)

    def competences(self) -> list[tuple[str, str]]:
        """(label, id) of every compétence of the blocs aimed at, in référentiel order."""
        return [(f"{self.ref.label(c.id)} – {c.intitule}", c.id) for b in self.blocs for c in b.competences]

    def _act(self, change: Callable[[Review], object]) -> str:
        merged = self.session.apply(change)
        return MERGED if merged else "Enregistré."

    def set_status(self, comp_id: str, statut: Statut | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "statut", statut))

    def set_rating(self, comp_id: str, note: int | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "note_conseiller", note))

    def set_grille(self, comp_id: str, grille: Grille | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "grille", grille))

    def comment(self, comp_id: str, texte: str) -> str:
        auteur = self.review.conseiller
        add_comment(CompetenceReview(), auteur, texte)  # refuses a blank comment or author before anything is saved
        return self._act(lambda r: add_comment(r.competence(comp_id), auteur, texte))

    def set_situation_status(self, sit_id: str, statut: Statut | None) -> str:
        return self._act(lambda r: setattr(r.situation(sit_id), "statut", statut))

    def comment_situation(self, sit_id: str, texte: str) -> str:
        auteur = self.review.conseiller
        add_comment(CompetenceReview(), auteur, texte)
        return self._act(lambda r: add_comment(r.situation(sit_id), auteur, texte))

    def set_opinion(self, field: str, value: Avis | str | None) -> str:
        """Set one field of the overall opinion (``avis``, ``preconisations`` or ``commentaire``)."""
        return self._act(lambda r: setattr(r.avis, field, value))

    def note(self, texte: str) -> str:
        """A dated follow-up note on the whole dossier (an interview, a phone call)."""
        auteur = self.review.conseiller
        add_comment(CompetenceReview(), auteur, texte)
        return self._act(lambda r: add_comment(r, auteur, texte))

    def set_reviewer(self, name: str) -> str:
        return self._act(lambda r: setattr(r, "conseiller", name.strip()))

    def mark_reviewed(self) -> str:
        """Record that the dossier as read when this screen opened has been reviewed now."""
        if not self.review.conseiller:
            raise VaeError("Indiquez votre nom avant de marquer le dossier comme revu.")
        return self._act(lambda r: self.session.mark_reviewed(r.conseiller, self.dossier_fingerprint))

    def changes(self) -> ReviewDiff:
        return changes_since_review(self.review, self.dossier, reviewed_version(self.folder, self.review))



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


_STYLE = """<style>.vae-review table { border-collapse: collapse; } .vae-review td, .vae-review th { border-bottom:
1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; } .vae-text { white-space: pre-wrap; }
.vae-review ins { background: #e6ffec; } .vae-review del { background: #ffebe9; }</style>"""


def work_html(work: ReviewWork, comp_id: str) -> str:
    """The candidate's work on one compétence and the gap analysis beside it, escaped."""
    comp = work.ref.competence(comp_id)
    ids = {i.id for i in comp.indicateurs}
    table = work.analysis.indicateurs
    indicators = [{"id": i.id, "label": work.ref.label(i.id), "texte": i.texte,
                   "rating": RATING_LABELS[work.dossier.auto_evaluation.get(i.id)], "status": table.at[i.id, "statut_libelle"], "reason": table.at[i.id, "raison"]}
                  for i in comp.indicateurs]
    situations = [{"id": s.id, "titre": s.titre,
                   "parts": [(label, getattr(s, part)) for part, label in NARRATIVE_PARTS.items() if getattr(s, part)]}
                  for s in work.dossier.situations if ids & set(s.indicateurs)]
    grid = work.analysis.competences.loc[comp_id]
    return WORK_HTML.render(comp=comp, label=work.ref.label, indicators=indicators, grid=grid["grille_libelle"],
                            grid_reason=grid["grille_raison"], situations=situations)


def _options(labels: dict) -> list[tuple[str, object]]:
    return [(label, key) for key, label in labels.items()]


def choose(dropdown: widgets.Dropdown, value: object) -> None:
    """Select ``value``; ``None`` is a real choice here (« Non revu »), which ``.value = None`` would blank."""
    values = [v for _, v in dropdown.options]
    dropdown.index = values.index(value) if value in values else None


def dropdown(description: str, labels: dict, value: object = None) -> widgets.Dropdown:
    widget = widgets.Dropdown(description=description, options=_options(labels))
    choose(widget, value)
    return widget


class ReviewView(widgets.VBox):
    """The review screen for one dossier; the caller displays it."""

    def __init__(self, folder: str | Path, work: ReviewWork | None = None) -> None:
        self.work = work or ReviewWork(folder)
        review = self.work.review
        self.message = widgets.HTML()
        self.reviewer = widgets.Text(description="Conseiller", value=review.conseiller, continuous_update=False)
        self.mark = widgets.Button(description="Marquer comme revu", icon="check")
        self.competence = widgets.Dropdown(description="Compétence", options=self.work.competences(),
                                           layout={"width": "95%"})
        self.previous = widgets.Button(description="Précédente", icon="arrow-left")
        self.next = widgets.Button(description="Suivante", icon="arrow-right")
        self.work_panel = widgets.HTML()
        self.statut = dropdown("Statut", STATUT_LABELS)
        self.note = dropdown("Ma note", RATING_LABELS)
        self.grille = dropdown("Grille", GRILLE_LABELS)
        self.comments = widgets.HTML()
        self.new_comment = widgets.Textarea(placeholder="Votre commentaire sur cette compétence", layout={"width": "95%"})
        self.add_comment = widgets.Button(description="Ajouter le commentaire", icon="comment")
        self.situations = widgets.VBox()
        self.avis = dropdown("Avis", AVIS_LABELS, review.avis.avis)
        self.preconisations = widgets.Textarea(description="Préconisations", value=review.avis.preconisations,
                                               continuous_update=False, layout={"width": "95%", "height": "8em"})
        self.general = widgets.Textarea(description="Commentaire", value=review.avis.commentaire,
                                        continuous_update=False, layout={"width": "95%", "height": "6em"})
        self.notes = widgets.HTML(COMMENTS_HTML.render(comments=review.commentaires))
        self.new_note = widgets.Textarea(placeholder="Note de suivi datée (entretien, appel…)", layout={"width": "95%"})
        self.add_note = widgets.Button(description="Ajouter la note", icon="sticky-note")
        self.changes = widgets.HTML()
        self._loading = False

        self.reviewer.observe(lambda ch: self._run(self.work.set_reviewer, ch["new"]), names="value")
        self.mark.on_click(lambda _b: self._run(self._mark))
        self.competence.observe(lambda _ch: self.show_competence(), names="value")
        self.previous.on_click(lambda _b: self._step(-1))
        self.next.on_click(lambda _b: self._step(1))
        self.statut.observe(lambda ch: self._field(self.work.set_status, ch), names="value")
        self.note.observe(lambda ch: self._field(self.work.set_rating, ch), names="value")
        self.grille.observe(lambda ch: self._field(self.work.set_grille, ch), names="value")
        self.add_comment.on_click(lambda _b: self._run(self._comment))
        for field, control in (("avis", self.avis), ("preconisations", self.preconisations),
                               ("commentaire", self.general)):
            control.observe(lambda ch, f=field: self._run(self.work.set_opinion, f, ch["new"]), names="value")
        self.add_note.on_click(lambda _b: self._run(self._note))

        controls = widgets.VBox([self.statut, self.note, self.grille, widgets.HTML("<b>Commentaires</b>"),
                                 self.comments, self.new_comment, self.add_comment,
                                 widgets.HTML("<b>Situations</b>"), self.situations])
        self.work_panel.layout = widgets.Layout(width="60%")
        controls.layout = widgets.Layout(width="40%")
        by_competence = widgets.VBox([widgets.HBox([self.competence, self.previous, self.next]),
                                      widgets.HBox([self.work_panel, controls],
                                                   layout={"align_items": "flex-start"})])
        opinion = widgets.VBox([self.avis, self.preconisations, self.general, widgets.HTML("<b>Notes de suivi</b>"),
                                self.notes, self.new_note, self.add_note])
        from vae_toolkit.ui.export_view import ExportPanel

        self.export = ExportPanel(folder, kinds=("review", "livret", "gaps"))
        tabs = widgets.Tab([by_competence, self.changes, opinion, self.export])
        for i, title in enumerate(["Compétence par compétence", "Depuis la dernière revue", "Avis global",
                                   "Imprimer"]):
            tabs.set_title(i, title)
        head = widgets.HTML(f"<h3>{ENV.from_string('{{ n }}').render(n=self.work.candidate)} – "
                            f"{self.work.ref.code}</h3>")
        warnings = widgets.HTML("".join(ENV.from_string("<p>⚠ {{ w }}</p>").render(w=w) for w in self.work.warnings))
        super().__init__([widgets.HTML(_STYLE), head, warnings, widgets.HBox([self.reviewer, self.mark]),
                          self.message, tabs])
        self.add_class("vae-review")
        self.show_competence()
        self.show_changes()

    def _run(self, action: Callable[..., str], *args: object) -> None:
        if self._loading:
            return
        try:
            self.message.value = ENV.from_string("<p>{{ m }}</p>").render(m=action(*args))
        except VaeError as exc:
            self.message.value = message_html(str(exc), "vae-error")
        except ValidationError as exc:
            self.message.value = message_html("Valeur refusée : " + " ; ".join(
                p.message for p in problems_from(exc)), "vae-error")
        except Exception as exc:  # noqa: BLE001 - one guard: any error is shown in the page
            self.message.value = message_html(error_message(exc), "vae-error")

    def _field(self, setter: Callable[[str, object], str], change: dict) -> None:
        self._run(setter, self.competence.value, change["new"])

    def _step(self, delta: int) -> None:
        ids = [v for _, v in self.work.competences()]
        self.competence.value = ids[(ids.index(self.competence.value) + delta) % len(ids)]

    def _comment(self) -> str:
        message = self.work.comment(self.competence.value, self.new_comment.value)
        self.new_comment.value = ""
        self.show_competence()
        return message

    def _note(self) -> str:
        message = self.work.note(self.new_note.value)
        self.new_note.value = ""
        self.notes.value = COMMENTS_HTML.render(comments=self.work.review.commentaires)
        return message

    def _mark(self) -> str:
        message = self.work.mark_reviewed()
        self.show_changes()
        return message

    def show_competence(self) -> None:
        """Fill the panel and the controls for the selected compétence (without saving anything)."""
        comp_id = self.competence.value
        if comp_id is None:
            self.work_panel.value = "<p>Aucun bloc visé : rien à revoir.</p>"
            return
        entry = self.work.review.competences.get(comp_id)
        self._loading = True
        try:
            choose(self.statut, entry.statut if entry else None)
            choose(self.note, entry.note_conseiller if entry else None)
            choose(self.grille, entry.grille if entry else None)
        finally:
            self._loading = False
        self.work_panel.value = work_html(self.work, comp_id)
        self.comments.value = COMMENTS_HTML.render(comments=entry.commentaires if entry else [])
        self.situations.children = [SituationBox(self, s.id, s.titre) for s in self.work.dossier.situations
                                    if set(s.indicateurs) & {i.id for i in self.work.ref.competence(comp_id).indicateurs}]

    def show_changes(self) -> None:
        self.changes.value = CHANGES_HTML.render(diff=self.work.changes(), word_diff=word_diff)


class SituationBox(widgets.VBox):
    """Status and comments of one situation."""

    def __init__(self, view: ReviewView, sit_id: str, titre: str) -> None:
        entry = view.work.review.situations.get(sit_id)
        self.view, self.sit_id = view, sit_id
        self.statut = dropdown("Statut", STATUT_LABELS, entry.statut if entry else None)
        self.comments = widgets.HTML(COMMENTS_HTML.render(comments=entry.commentaires if entry else []))
        self.text = widgets.Textarea(placeholder="Commentaire sur cette situation", layout={"width": "95%"})
        self.add = widgets.Button(description="Commenter la situation", icon="comment")
        self.statut.observe(lambda ch: view._run(view.work.set_situation_status, sit_id, ch["new"]), names="value")
        self.add.on_click(lambda _b: view._run(self._comment))
        title = ENV.from_string("<b>{{ i }} – {{ t }}</b>").render(i=sit_id, t=titre)
        super().__init__([widgets.HTML(title), self.statut, self.comments, self.text, self.add])

    def _comment(self) -> str:
        message = self.view.work.comment_situation(self.sit_id, self.text.value)
        self.text.value = ""
        entry = self.view.work.review.situations[self.sit_id]
        self.comments.value = COMMENTS_HTML.render(comments=entry.commentaires)
        return message


def review_screen(dossier: str | Path | None) -> widgets.Widget:
    """The review of ``dossier``; when it is None or unreadable, a field to choose the folder instead."""
    return folder_screen(dossier, lambda folder: [ReviewView(folder)])
