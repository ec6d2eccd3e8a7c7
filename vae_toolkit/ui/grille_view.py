"""The accompagnateur's DFF screen: the grid to confirm, one comment per bloc, the planned parcours, the opinion,
and the plain text of each bloc ready to copy into France VAE.

:class:`~vae_toolkit.journey.dff_grid.GridWork` holds the state and every action (no widgets; each action saved at
once in ``revue.yaml``); :class:`GridView` binds controls to it: ``GridView(folder)``, like the review screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from vae_toolkit.journey.dff_grid import GridWork
from vae_toolkit.models.wording import AVIS_LABELS, GRILLE_LABELS, RESULTAT_LABELS, count_fr, short_date
from vae_toolkit.journey.html import ENV
from vae_toolkit.ui import common
from vae_toolkit.ui.common import folder_screen, message_html
from vae_toolkit.ui.copy_button import CopyButton
from vae_toolkit.ui.fields import choice_options, from_choice, to_choice

# Up to FOLDED problems the list shows at once; beyond, a summary with the count (each bloc lists its own below).
FOLDED = 3
PROBLEMS_HTML = ENV.from_string("""{% if problems %}<div class="vae-warning"><details{% if problems|length <= folded
%} open{% endif %}><summary><b>France VAE refuserait encore ce dossier de faisabilité</b> : {{ count }} (détail
par bloc ci-dessous).</summary><ul>{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul></details></div>
{% else %}<p><b>La grille et l’avis respectent les règles de France VAE.</b></p>{% endif %}""")


BLOC_PROBLEMS_HTML = ENV.from_string("""{% if problems %}<ul class="vae-bloc-problems" style="color:#b00020">
{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul>{% else %}<p class="vae-bloc-ok">Bloc prêt pour France VAE :
chaque réponse est confirmée et le commentaire compte {{ size }}.</p>{% endif %}""")
BUTTON = {"width": "auto", "align_self": "flex-start", "flex": "0 0 auto"}  # as wide as its words, on one line
ANSWER_LABEL = ENV.from_string("{{ t }} <i class='vae-proposal'>{% if confirmed %}(l’analyse proposait\u00a0: "
                               "{{ p }}){% else %}— proposition de l’analyse\u00a0: <b>{{ p }}</b>, à confirmer{% endif "
                               "%}</i>")


class BlocBox(widgets.VBox):
    """The answers of one bloc (each proposal shown as such until confirmed), its comment, what France VAE would
    still refuse in it, and its plain text with a copy button."""

    def __init__(self, view: GridView, bloc_id: str) -> None:
        work = view.work
        bloc = work.ref.bloc(bloc_id)
        self.bloc_id = bloc_id
        self.answers: dict[str, widgets.Dropdown] = {}
        self.labels: dict[str, widgets.HTML] = {}
        self.accept: dict[str, widgets.Button] = {}
        self.message = view.place()  # what an action in this bloc did, said under the bloc's status
        rows = []
        for comp in bloc.competences:
            entry = work.review.competences.get(comp.id)
            control = widgets.Dropdown(options=choice_options({**GRILLE_LABELS, None: "À confirmer"}),
                                       value=to_choice(entry.grille if entry else None),
                                       description=work.ref.label(comp.id),
                                       style={"description_width": "9em"}, layout={"width": "20em"})
            control.add_class("vae-grid-answer")
            control.observe(view.guard(lambda ch, c=comp.id: work.set_answer(c, from_choice(ch["new"])),
                                       self.message), names="value")
            accept = widgets.Button(description="Confirmer la proposition", icon="check", layout=BUTTON,
                                    tooltip=f"Confirmer la proposition de l’analyse pour {work.ref.label(comp.id)}")
            accept.add_class("vae-accept-proposal")
            accept.on_click(view.guard(lambda _b, c=comp.id: self._accept(view, c), self.message))
            self.answers[comp.id], self.accept[comp.id] = control, accept
            self.labels[comp.id] = widgets.HTML()
            rows.append(widgets.HBox([control, accept, self.labels[comp.id]]))
        entry = work.review.blocs.get(bloc_id)
        self.comment = widgets.Textarea(value=entry.commentaire if entry else "", continuous_update=False,
                                        description="Commentaire du bloc",
                                        placeholder="Commentaire du bloc (1 à 10\u202f000 caractères)",
                                        style={"description_width": "9em"}, layout={"width": "95%", "height": "10em"})
        self.comment.add_class("vae-bloc-comment")
        self.comment.observe(view.guard(lambda ch: work.set_comment(bloc_id, ch["new"]), self.message), names="value")
        self.use_proposal = widgets.Button(description="Reprendre la proposition", icon="paste", layout=BUTTON)
        self.use_proposal.on_click(view.guard(
            lambda _b: setattr(self.comment, "value", work.proposed_comment(bloc_id)), self.message))
        self.status = widgets.HTML()
        self.status.add_class("vae-bloc-status")
        self.text = widgets.Textarea(description="Texte brut", style={"description_width": "9em"},
                                     layout={"width": "95%", "height": "12em"})
        self.text.add_class("vae-copy")
        self.copy = CopyButton(label=f"Copier le texte du bloc {bloc.code}")
        self.copy.add_class("vae-copy-bloc")
        title = ENV.from_string("<h4>{{ c }} – {{ t }}</h4>").render(c=bloc.code, t=bloc.intitule)
        super().__init__([widgets.HTML(title), *rows, self.comment, self.use_proposal, self.status, self.message,
                          widgets.HTML("<b>Texte à copier dans France VAE</b> (une ligne par compétence, puis le "
                                       "commentaire du bloc)"), self.text, self.copy])
        self.add_class("vae-grid-bloc")
        self.refresh(work)

    def _accept(self, view: GridView, comp_id: str) -> None:
        """Confirm the analysis' proposal for one compétence (the dropdown shows it, the review saves it)."""
        self.answers[comp_id].value = view.work.proposed_answer(comp_id)

    def refresh(self, work: GridWork) -> None:
        for comp_id, control in self.answers.items():
            confirmed = from_choice(control.value) is not None
            self.accept[comp_id].layout.display = "none" if confirmed else None
            comp = work.ref.competence(comp_id)
            self.labels[comp_id].value = ANSWER_LABEL.render(t=comp.intitule, p=work.proposed(comp_id),
                                                             confirmed=confirmed)
        entry = work.review.blocs.get(self.bloc_id)
        size = len((entry.commentaire if entry else "").strip())
        self.status.value = BLOC_PROBLEMS_HTML.render(problems=work.bloc_problems(self.bloc_id),
                                                      size=count_fr(size, "caractère", "caractères"))
        self.text.value = work.text(self.bloc_id)
        self.copy.text = self.text.value


JURY_HTML = ENV.from_string("""{% if result %}<p class="vae-notice vae-jury-summary">Jury{% if date %} du {{ date }}{%
endif %} : <b>{{ result }}</b>{% if acquired %} — blocs acquis définitivement : {{ acquired|join(" ; ") }} (ils
ne sont plus dans la grille){% endif %}. Résultat enregistré par le candidat.</p>{% endif %}""")


def jury_html(work: GridWork) -> str:
    """The jury's result as the candidate recorded it (read only here: the counsellor never writes dossier.yaml)."""
    jury = work.dossier.jury
    if jury.resultat is None:
        return ""
    return JURY_HTML.render(result=RESULTAT_LABELS[jury.resultat],
                            date=short_date(jury.session.date),
                            acquired=[work.ref.bloc(b).code for b in jury.acquired()])


class GridView(widgets.VBox):
    """The accompagnateur's DFF screen for one dossier; the caller displays it."""

    def __init__(self, folder: str | Path, work: GridWork | None = None) -> None:
        self.work = work or GridWork(folder)
        self._loading = False
        review = self.work.review
        self._places: list[widgets.HTML] = []
        self.message = self.place()  # what « Confirmer les propositions restantes » did, under the button
        self.opinion_message = self.place()  # the parcours and the opinion, under the opinion
        self.problems = widgets.HTML()
        self.confirm = widgets.Button(description="Confirmer les propositions restantes", icon="check",
                                      layout=BUTTON)
        self.confirm.on_click(self.guard(lambda _b: self._confirm()))
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
            control.observe(self.guard(lambda ch, n=name: self.work.set_parcours(n, ch["new"]), self.opinion_message),
                            names="value")
        self.avis = widgets.Dropdown(description="Avis", value=to_choice(review.avis.avis),
                                     options=choice_options(AVIS_LABELS))
        self.preconisations = widgets.Textarea(description="Commentaires / préconisations",
                                               value=review.avis.preconisations, continuous_update=False,
                                               style={"description_width": "16em"},
                                               layout={"width": "95%", "height": "8em"})
        self.avis.observe(self.guard(lambda ch: self.work.set_opinion("avis", from_choice(ch["new"])),
                                     self.opinion_message), names="value")
        self.preconisations.observe(self.guard(lambda ch: self.work.set_opinion("preconisations", ch["new"]),
                                               self.opinion_message), names="value")
        from vae_toolkit.ui.export_view import ExportPanel

        self.export = ExportPanel(folder, kinds=("faisabilite",), label="Exporter le dossier de faisabilité")
        self.entretien = ExportPanel(folder, kinds=("entretien",), label="Exporter la préparation de l’entretien")
        title = ENV.from_string("<h2>Dossier de faisabilité – {{ n }}</h2><p>{{ c }}. La grille, un commentaire par "
                                "bloc, le parcours envisagé et votre avis : votre part du dossier, enregistrée aussitôt "
                                "dans la revue (le dossier du candidat n’est jamais modifié).</p>").render(
            n=self.work.candidate,
            c=f"{self.work.ref.code} – {self.work.ref.intitule}")
        self.jury = widgets.HTML(jury_html(self.work))
        super().__init__([widgets.HTML(title), self.jury, self.problems, self.confirm, self.message, *self.blocs,
                          widgets.HTML("<h4>Parcours envisagé</h4>"), *self.hours.values(), *self.lists.values(),
                          widgets.HTML("<h4>Avis de l’accompagnateur</h4>"), self.avis, self.preconisations,
                          self.opinion_message,
                          widgets.HTML("<h4>Exporter</h4><p>Le dossier de faisabilité n’est écrit que si France "
                                       "VAE l’accepterait ; sinon la raison s’affiche sous le bouton.</p>"),
                          self.export, self.entretien])
        self.add_class("vae-grille")
        self.refresh()

    def place(self) -> widgets.HTML:
        """A message line placed next to the controls whose actions it reports."""
        line = widgets.HTML()
        line.add_class("vae-grid-message")
        self._places.append(line)
        return line

    def guard(self, func: Callable[..., str | None], place: widgets.HTML | None = None) -> Callable[..., None]:
        """A callback of this screen: every message line cleared, then ``func`` run; the message it returns (an
        action's result) or its error (through :func:`~vae_toolkit.ui.common.guard`) shown at ``place`` (the confirm
        button's line by default), and the problems redrawn. Nothing runs while the screen shows the review it
        has just saved (:meth:`_confirm`)."""
        place = place or self.message

        def act(*args: Any) -> None:
            if self._loading:
                return
            for line in self._places:
                line.value = ""
            try:
                said = func(*args)
                if said:
                    place.value = message_html(said)
            finally:
                self.refresh()

        return common.guard(act, place)

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
                control.value = to_choice(entry.grille if entry else None)
            entry = self.work.review.blocs.get(box.bloc_id)
            box.comment.value = entry.commentaire if entry else ""

    def refresh(self) -> None:
        problems = self.work.problems()
        self.problems.value = PROBLEMS_HTML.render(problems=problems, folded=FOLDED,
                                                   count=count_fr(len(problems), "point", "points"))
        for box in self.blocs:
            box.refresh(self.work)


def grille_screen(dossier: str | Path | None) -> widgets.Widget:
    """The accompagnateur's DFF screen on ``dossier``; when it is None or unreadable, a field to choose it."""
    return folder_screen(dossier, lambda folder: [GridView(folder)])
