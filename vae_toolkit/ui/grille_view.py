"""The accompagnateur's DFF screen: the grid to confirm, one comment per bloc, the planned parcours, the opinion,
and the plain text of each bloc ready to copy into France VAE.

:class:`GridWork` holds the state and every action (no widgets; each action saved at once in ``revue.yaml``);
:class:`GridView` binds controls to it: ``GridView(folder)``, like the review screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from vae_toolkit.analysis.france_vae import (
    aimed_blocs,
    bloc_text,
    confirm_proposals,
    grid_problems,
    opinion_problems,
)
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.analysis.grid import GRID_LABELS
from vae_toolkit.analysis.review_report import final_answers, final_comment
from vae_toolkit.models.review import Avis, Grille, Review
from vae_toolkit.models.wording import AVIS_LABELS, GRILLE_LABELS
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.storage.review import ReviewSession
from vae_toolkit.ui.common import ENV, error_message, folder_screen, message_html

MERGED = "La revue avait été modifiée ailleurs entre-temps\u00a0: votre changement a été ajouté à la version actuelle."
PARCOURS_FIELDS = ("heures_accompagnement_individuel", "heures_accompagnement_collectif", "heures_formation",
                   "formations_obligatoires", "savoirs_de_base")


class GridWork:
    """One dossier's grid and DFF part for the accompagnateur (the candidate's dossier is only read)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.dossier = load_dossier(self.folder).model
        self.ref = load_referentiel(self.dossier.certification)
        self.analysis = analyse(self.dossier, self.ref)
        self.session = ReviewSession(self.folder)
        self.blocs = aimed_blocs(self.analysis, self.ref)

    @property
    def review(self) -> Review:
        return self.session.review

    def _act(self, change: Callable[[Review], object]) -> str:
        return MERGED if self.session.apply(change) else "Enregistré."

    def proposed(self, comp_id: str) -> str:
        """The analysis' proposal for a compétence, in words."""
        return GRID_LABELS[str(self.analysis.grille.at[comp_id, "grille"])]

    def set_answer(self, comp_id: str, answer: Grille | None) -> str:
        return self._act(lambda r: setattr(r.competence(comp_id), "grille", answer))

    def set_comment(self, bloc_id: str, text: str) -> str:
        return self._act(lambda r: setattr(r.bloc(bloc_id), "commentaire", text))

    def confirm_all(self) -> str:
        """Copy every proposal not yet confirmed into the review (never over a choice already made)."""
        count = 0

        def change(review: Review) -> None:
            nonlocal count
            count = confirm_proposals(self.analysis, review, self.dossier, self.ref)

        message = self._act(change)
        return f"{count} proposition(s) confirmée(s). {message}" if count else "Tout était déjà confirmé."

    def proposed_comment(self, bloc_id: str) -> str:
        return final_comment(self.analysis, self.dossier, self.ref.bloc(bloc_id), final_answers(self.analysis, self.review))

    def set_parcours(self, name: str, value: Any) -> str:
        if name not in PARCOURS_FIELDS:
            raise ValueError(name)
        if name in ("formations_obligatoires", "savoirs_de_base") and isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        return self._act(lambda r: setattr(r.parcours, name, value))

    def set_opinion(self, name: str, value: Avis | str | None) -> str:
        return self._act(lambda r: setattr(r.avis, name, value))

    def problems(self) -> list[str]:
        """Everything France VAE would still refuse (grid, then opinion), in French."""
        return [p.message for p in grid_problems(self.analysis, self.review, self.ref)] + opinion_problems(self.review)

    def text(self, bloc_id: str) -> str:
        """The plain text of one bloc as it stands (confirmed answers; proposals marked as such)."""
        answers = {c: a for c, a in final_answers(self.analysis, self.review).items()}
        entry = self.review.blocs.get(bloc_id)
        comment = entry.commentaire if entry and entry.commentaire.strip() else "(commentaire non confirmé)"
        return bloc_text(self.ref.bloc(bloc_id), self.ref, answers, comment)


PROBLEMS_HTML = ENV.from_string("""{% if problems %}<div class="vae-warning"><p><b>France VAE refuserait encore
ce dossier de faisabilité :</b></p><ul>{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul></div>
{% else %}<p><b>La grille et l’avis respectent les règles de France VAE.</b></p>{% endif %}""")


class BlocBox(widgets.VBox):
    """The answers of one bloc, its comment and its plain text."""

    def __init__(self, view: GridView, bloc_id: str) -> None:
        work = view.work
        bloc = work.ref.bloc(bloc_id)
        self.answers: dict[str, widgets.Dropdown] = {}
        rows = []
        for comp in bloc.competences:
            entry = work.review.competences.get(comp.id)
            control = widgets.Dropdown(options=[(("À confirmer" if k is None else v), k)
                                                for k, v in GRILLE_LABELS.items()],
                                       value=entry.grille if entry else None, layout={"width": "12em"})
            control.observe(lambda ch, c=comp.id: view.run(work.set_answer, c, ch["new"]), names="value")
            self.answers[comp.id] = control
            label = ENV.from_string("{{ l }} {{ t }} <i>(proposition\u00a0: {{ p }})</i>").render(
                l=work.ref.label(comp.id), t=comp.intitule, p=work.proposed(comp.id))
            rows.append(widgets.HBox([control, widgets.HTML(label)]))
        entry = work.review.blocs.get(bloc_id)
        self.comment = widgets.Textarea(value=entry.commentaire if entry else "", continuous_update=False,
                                        placeholder="Commentaire du bloc (1 à 10\u202f000 caractères)",
                                        layout={"width": "95%", "height": "10em"})
        self.comment.observe(lambda ch: view.run(work.set_comment, bloc_id, ch["new"]), names="value")
        self.use_proposal = widgets.Button(description="Reprendre la proposition", icon="paste",
                                           layout={"width": "auto"})
        self.use_proposal.on_click(lambda _b: setattr(self.comment, "value", work.proposed_comment(bloc_id)))
        self.text = widgets.Textarea(disabled=False, layout={"width": "95%", "height": "12em"})
        self.text.add_class("vae-copy")
        title = ENV.from_string("<h4>{{ c }} – {{ t }}</h4>").render(c=bloc.code, t=bloc.intitule)
        super().__init__([widgets.HTML(title), *rows, widgets.HTML("<b>Commentaire du bloc</b>"), self.comment,
                          self.use_proposal, widgets.HTML("<b>Texte brut à copier dans France VAE</b> (tout "
                                                          "sélectionner, puis copier)"), self.text])
        self.bloc_id = bloc_id
        self.refresh(work)

    def refresh(self, work: GridWork) -> None:
        self.text.value = work.text(self.bloc_id)


class GridView(widgets.VBox):
    """The accompagnateur's DFF screen for one dossier; the caller displays it."""

    def __init__(self, folder: str | Path, work: GridWork | None = None) -> None:
        self.work = work or GridWork(folder)
        self._loading = False
        review = self.work.review
        self.message = widgets.HTML()
        self.problems = widgets.HTML()
        self.confirm = widgets.Button(description="Confirmer les propositions restantes", icon="check",
                                      layout={"width": "auto"})
        self.confirm.on_click(lambda _b: self.run(self._confirm))
        self.blocs = [BlocBox(self, b.id) for b in self.work.blocs]
        p = review.parcours
        self.hours = {name: widgets.BoundedFloatText(description=label, value=getattr(p, name) or 0, min=0,
                                                     max=10_000, style={"description_width": "16em"})
                      for name, label in (("heures_accompagnement_individuel", "Accompagnement individuel (h)"),
                                          ("heures_accompagnement_collectif", "Accompagnement collectif (h)"),
                                          ("heures_formation", "Formation (h)"))}
        self.lists = {name: widgets.Textarea(description=label, value="\n".join(getattr(p, name)),
                                             continuous_update=False, placeholder="une ligne par élément",
                                             style={"description_width": "16em"}, layout={"width": "95%"})
                      for name, label in (("formations_obligatoires", "Formations obligatoires"),
                                          ("savoirs_de_base", "Savoirs de base"))}
        for name, control in {**self.hours, **self.lists}.items():
            control.observe(lambda ch, n=name: self.run(self.work.set_parcours, n, ch["new"]), names="value")
        self.avis = widgets.Dropdown(description="Avis", value=review.avis.avis,
                                     options=[(v, k) for k, v in AVIS_LABELS.items()])
        self.preconisations = widgets.Textarea(description="Commentaires / préconisations",
                                               value=review.avis.preconisations, continuous_update=False,
                                               style={"description_width": "16em"},
                                               layout={"width": "95%", "height": "8em"})
        self.avis.observe(lambda ch: self.run(self.work.set_opinion, "avis", ch["new"]), names="value")
        self.preconisations.observe(lambda ch: self.run(self.work.set_opinion, "preconisations", ch["new"]),
                                    names="value")
        from vae_toolkit.ui.export_view import ExportPanel

        self.export = ExportPanel(folder, kinds=("faisabilite", "review"))
        super().__init__([self.message, self.problems, self.confirm, *self.blocs,
                          widgets.HTML("<h4>Parcours envisagé</h4>"), *self.hours.values(), *self.lists.values(),
                          widgets.HTML("<h4>Avis de l’accompagnateur</h4>"), self.avis, self.preconisations,
                          widgets.HTML("<h4>Exporter</h4>"), self.export])
        self.add_class("vae-grille")
        self.refresh()

    def run(self, action: Callable[..., str], *args: object) -> None:
        """Do one action; its result, or its error in French, is shown in the page (never raised)."""
        if self._loading:
            return
        try:
            self.message.value = message_html(action(*args))
        except Exception as exc:  # noqa: BLE001 - every callback error is shown in the page
            self.message.value = message_html(error_message(exc), "vae-error")
        self.refresh()

    def _confirm(self) -> str:
        message = self.work.confirm_all()
        self._loading = True
        try:
            self._show_review()
        finally:
            self._loading = False
        return message

    def _show_review(self) -> None:
        for box in self.blocs:
            for comp_id, control in box.answers.items():
                entry = self.work.review.competences.get(comp_id)
                control.value = entry.grille if entry else None
            entry = self.work.review.blocs.get(box.bloc_id)
            box.comment.value = entry.commentaire if entry else ""

    def refresh(self) -> None:
        self.problems.value = PROBLEMS_HTML.render(problems=self.work.problems())
        for box in self.blocs:
            box.refresh(self.work)


def grille_screen(dossier: str | Path | None) -> widgets.Widget:
    """The accompagnateur's DFF screen on ``dossier``; when it is None or unreadable, a field to choose it."""
    return folder_screen(dossier, lambda folder: [GridView(folder)])
