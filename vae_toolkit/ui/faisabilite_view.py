"""The candidate's DFF screen: eligibility, option, prerequisites, goals, typed attachments, confirmation,
the DFFs already submitted (France VAE's limits) and the export of the dossier de faisabilité.

:class:`FaisabiliteView` is built like the other candidate views, ``FaisabiliteView(ws, feedback)``, on a
:class:`~vae_toolkit.journey.workspace.Workspace`; every change is autosaved through it (field-level merge with
changes made elsewhere), and a refused value is explained next to its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.faisabilite import FaisabiliteModel
from vae_toolkit.journey.inputs import format_date, parse_date
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.wording import ELIGIBILITE_LABELS, JUSTIFICATIF_LABELS, PREREQUIS_LABELS
from vae_toolkit.ui.common import ENV, Feedback, bind_value, field_error, guard, show_field_error
from vae_toolkit.ui.fields import choice_options, date_setter, from_choice, to_choice

GAPS_HTML = ENV.from_string("""{% for w in warnings %}<p class="vae-warning">⚠ {{ w }}</p>{% endfor %}{% if gaps %}<p><b>Encore à compléter pour France VAE :</b></p>
<ul>{% for g in gaps %}<li>{{ g }}</li>{% endfor %}</ul>{% else %}<p>Votre part du dossier de faisabilité est
complète.</p>{% endif %}""")

INTRO = ("<p class='vae-help'>Sur France VAE, votre accompagnateur remplit le dossier de faisabilité avec vous, puis "
         "vous le confirmez. Votre part est ici ; la sienne (grille, parcours prévu, avis) est dans sa revue. "
         "Tout est enregistré au fil de la saisie.</p>")
WIDE = {"description_width": "12em"}
TITLE_HTML = ENV.from_string("<h2>{{ screen }}{% if name %} – {{ name }}{% endif %}</h2>")


class PrerequisRow(widgets.VBox):
    """One prerequisite: its title, « acquis » or « en cours », a remove button and its own message line."""

    def __init__(self, view: FaisabiliteView, index: int) -> None:
        item = view.model.faisabilite.prerequis[index]
        self.intitule = widgets.Text(value=item.intitule, continuous_update=False, layout={"width": "60%"},
                                     description=f"Prérequis {index + 1}")
        self.etat = widgets.Dropdown(options=[(v, k) for k, v in PREREQUIS_LABELS.items()], value=item.etat,
                                     description="État", layout={"width": "14em"}, style={"description_width": "3em"})
        self.remove = widgets.Button(description="Retirer", icon="trash", layout={"width": "auto"},
                                     tooltip=f"Retirer le prérequis {index + 1}")
        self.error = field_error()
        for name, control in (("intitule", self.intitule), ("etat", self.etat)):
            control.observe(guard(lambda ch, n=name: show_field_error(
                self.error, view.model.set_prerequis(index, n, ch["new"])), self.error), names="value")
        self.remove.on_click(view.feedback.guard(lambda _b: view.remove_prerequis(index)))
        super().__init__([widgets.HBox([self.intitule, self.etat, self.remove]), self.error])


class FaisabiliteView(widgets.VBox):
    """The candidate's part of the DFF; the caller displays it."""

    def __init__(self, ws: Workspace, feedback: Feedback, *, with_export: bool = True) -> None:
        self.model = FaisabiliteModel(ws)
        self.feedback = feedback
        self.errors: dict[str, widgets.HTML] = {}
        f = self.model.faisabilite
        self.eligibilite = widgets.RadioButtons(description="Demande", value=f.eligibilite,
                                                options=[(v, k) for k, v in ELIGIBILITE_LABELS.items() if k],
                                                layout={"width": "auto"})
        self.fin_recevabilite = widgets.Text(description="Fin de recevabilité", value=format_date(f.fin_recevabilite),
                                             placeholder="jj/mm/aaaa", continuous_update=False, style=WIDE)
        self.option = widgets.Text(description="Option", value=f.option, continuous_update=False,
                                   placeholder="option ou parcours, s’il y en a", layout={"width": "60%"})
        self.prerequis = widgets.VBox()
        self.add_prerequis = widgets.Button(description="Ajouter un prérequis", icon="plus", layout={"width": "auto"})
        self.objectifs = widgets.Textarea(description="Objectifs", value=f.objectifs, continuous_update=False,
                                          layout={"width": "95%", "height": "6em"})
        self.pieces = {p.id: widgets.Dropdown(description=p.titre, value=to_choice(self.model.justificatif_type(p.id)),
                                              options=choice_options({None: "Non jointe", **JUSTIFICATIF_LABELS}),
                                              style={"description_width": "40%"}, layout={"width": "95%"})
                       for p in ws.dossier.pieces}
        self.confirmation = widgets.Checkbox(description="Je confirme mon dossier de faisabilité", value=f.confirmation,
                                             indent=False, layout={"width": "auto"})
        self.commentaire = widgets.Textarea(description="Commentaire", value=f.commentaire_confirmation,
                                            continuous_update=False, layout={"width": "95%"})
        self.attestation = widgets.Checkbox(description="J’atteste sur l’honneur l’exactitude de ces informations",
                                            value=f.attestation_honneur, indent=False, layout={"width": "auto"})
        self.gaps = widgets.HTML()
        self.gaps.add_class("vae-faisabilite-gaps")
        self.depots = widgets.VBox()
        self.depot_code = widgets.Text(description="Certification", placeholder="ex. RNCP39644",
                                       value=ws.dossier.certification)
        self.depot_date = widgets.Text(description="Déposé le", placeholder="jj/mm/aaaa")
        self.add_depot = widgets.Button(description="Ajouter ce dépôt", icon="plus", layout={"width": "auto"})
        self.depot_error = field_error()
        self.add_depot.on_click(feedback.guard(lambda _b: self.new_depot()))
        rows = {}
        for name, control in (("eligibilite", self.eligibilite), ("fin_recevabilite", self.fin_recevabilite),
                              ("option", self.option), ("objectifs", self.objectifs),
                              ("confirmation", self.confirmation), ("commentaire_confirmation", self.commentaire),
                              ("attestation_honneur", self.attestation)):
            control.add_class(f"vae-dff-{name.replace('_', '-')}")
            self.errors[name] = field_error()
            setter = (date_setter(control, lambda v, n=name: self.model.set(n, v)) if name == "fin_recevabilite"
                      else lambda v, n=name: self.model.set(n, v))
            rows[name] = bind_value(control, setter, self.errors[name], feedback, after=self.refresh)
        for piece_id, control in self.pieces.items():
            control.add_class("vae-dff-piece")
            self.errors[piece_id] = field_error()
            rows[piece_id] = bind_value(control, lambda v, p=piece_id: self.model.set_justificatif(p, from_choice(v)),
                                        self.errors[piece_id], feedback, after=self.refresh)
        self.add_prerequis.on_click(feedback.guard(lambda _b: self.new_prerequis()))
        pieces = list(rows[p] for p in self.pieces) or [widgets.HTML(
            "<p>Aucune pièce dans votre dossier pour l’instant : ajoutez-les dans les écrans des blocs.</p>")]
        self.export = None
        export: list[widgets.Widget] = []
        if with_export:
            from vae_toolkit.ui.export_view import ExportPanel

            self.export = ExportPanel(ws.folder, kinds=("faisabilite",), before=ws.autosave.flush,
                                      label="Exporter le dossier de faisabilité")
            export = [widgets.HTML("<h3>Exporter</h3><p>Le document reprend votre part et celle de votre "
                                   "accompagnateur, dans l’ordre des écrans de France VAE.</p>"), self.export]
        super().__init__([
            widgets.HTML(TITLE_HTML.render(screen="Dossier de faisabilité", name=_name(ws))), widgets.HTML(INTRO),
            self.gaps,
            widgets.HTML("<h3>Éligibilité</h3>"), rows["eligibilite"], rows["fin_recevabilite"],
            widgets.HTML("<h3>Certification visée</h3>"), rows["option"],
            widgets.HTML("<h3>Prérequis</h3>"), self.prerequis, self.add_prerequis,
            widgets.HTML("<h3>Vos objectifs</h3>"), rows["objectifs"],
            widgets.HTML("<h3>Pièces jointes</h3><p>Pour chaque pièce de votre dossier : jointe ou non au dossier "
                         "de faisabilité, et à quel titre.</p>"), *pieces,
            widgets.HTML("<h3>Confirmation</h3>"), rows["confirmation"], rows["commentaire_confirmation"],
            rows["attestation_honneur"],
            widgets.HTML("<h3>Dossiers de faisabilité déjà déposés</h3><p>France VAE n’en accepte qu’un par "
                         "certification et par année civile, et trois certifications différentes par an.</p>"),
            self.depots, widgets.HBox([self.depot_code, self.depot_date, self.add_depot]), self.depot_error,
            *export])
        self.add_class("vae-faisabilite")
        self.refresh()

    def new_prerequis(self) -> None:
        self.model.add_prerequis()
        self.refresh()

    def new_depot(self) -> None:
        when, error = parse_date(self.depot_date.value, today=dt.date.today(), required=False)
        error = error or self.model.add_depot(self.depot_code.value, when)  # type: ignore[arg-type]
        show_field_error(self.depot_error, error)
        if error is None:
            self.depot_date.value = ""
        self.refresh()

    def drop_depot(self, index: int) -> None:
        self.model.remove_depot(index)
        self.refresh()

    def remove_prerequis(self, index: int) -> None:
        self.model.remove_prerequis(index)
        self.refresh()

    def refresh(self) -> None:
        """Redraw what follows from the fields: the end date shown or not, the lists, what is still missing."""
        f = self.model.faisabilite
        held = f.eligibilite == "recevabilite_acquise"
        if not held:  # the end date went with the choice of a first request
            self.fin_recevabilite.value = ""
        self.fin_recevabilite.layout.display = None if held else "none"
        if len(self.prerequis.children) != len(f.prerequis):
            self.prerequis.children = [PrerequisRow(self, i) for i in range(len(f.prerequis))]
        self.depots.children = [self._depot_row(i) for i in range(len(f.depots))]
        self.gaps.value = GAPS_HTML.render(gaps=self.model.gaps(), warnings=self.model.warnings())

    def _depot_row(self, index: int) -> widgets.HBox:
        depot = self.model.faisabilite.depots[index]
        label = ENV.from_string("{{ c }}, déposé le {{ d }}").render(c=depot.certification,
                                                                     d=depot.date.strftime("%d/%m/%Y"))
        remove = widgets.Button(description="Retirer", icon="trash", layout={"width": "auto"},
                                tooltip=f"Retirer le dépôt {label}")
        remove.on_click(self.feedback.guard(lambda _b: self.drop_depot(index)))
        return widgets.HBox([widgets.HTML(label), remove])


def _name(ws: Workspace) -> str:
    profil = ws.dossier.profil
    return f"{profil.prenom} {profil.nom}".strip()


def faisabilite_screen(dossier: str | Path | None = None, *, delay: float = 1.0,
                       environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The DFF page on ``dossier`` (resolved as in :mod:`vae_toolkit.ui.context`), or the chooser."""
    from vae_toolkit.ui.page import journey_screen

    return journey_screen(dossier, FaisabiliteView, delay=delay, environ=environ)


__all__ = ["FaisabiliteView", "faisabilite_screen"]
