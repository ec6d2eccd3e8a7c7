"""The candidate's DFF screen: eligibility, option, prerequisites, goals, typed attachments, confirmation.

:class:`FaisabiliteView` is built like the other candidate views, ``FaisabiliteView(ws, feedback)``, on a
:class:`~vae_toolkit.journey.workspace.Workspace`; every change is autosaved through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from vae_toolkit.journey.faisabilite import FaisabiliteModel
from vae_toolkit.journey.workspace import Workspace
from vae_toolkit.models.wording import ELIGIBILITE_LABELS, JUSTIFICATIF_LABELS, PREREQUIS_LABELS
from vae_toolkit.ui.common import ENV, Feedback

GAPS_HTML = ENV.from_string("""{% for w in warnings %}<p class="vae-warning">⚠ {{ w }}</p>{% endfor %}{% if gaps %}<p><b>Encore à compléter pour France VAE :</b></p>
<ul>{% for g in gaps %}<li>{{ g }}</li>{% endfor %}</ul>{% else %}<p>Votre part du dossier de faisabilité est
complète.</p>{% endif %}""")


class PrerequisRow(widgets.HBox):
    def __init__(self, view: FaisabiliteView, index: int) -> None:
        item = view.model.faisabilite.prerequis[index]
        self.intitule = widgets.Text(value=item.intitule, continuous_update=False, layout={"width": "60%"})
        self.etat = widgets.Dropdown(options=[(v, k) for k, v in PREREQUIS_LABELS.items()], value=item.etat)
        self.remove = widgets.Button(description="Retirer", icon="trash")
        self.intitule.observe(lambda ch: view.report(view.model.set_prerequis(index, "intitule", ch["new"])),
                              names="value")
        self.etat.observe(lambda ch: view.report(view.model.set_prerequis(index, "etat", ch["new"])), names="value")
        self.remove.on_click(view.feedback.guard(lambda _b: view.remove_prerequis(index)))
        super().__init__([self.intitule, self.etat, self.remove])


class FaisabiliteView(widgets.VBox):
    """The candidate's part of the DFF; the caller displays it."""

    def __init__(self, ws: Workspace, feedback: Feedback) -> None:
        self.model = FaisabiliteModel(ws)
        self.feedback = feedback
        f = self.model.faisabilite
        self.eligibilite = widgets.RadioButtons(description="Demande", value=f.eligibilite,
                                                options=[(v, k) for k, v in ELIGIBILITE_LABELS.items() if k])
        self.fin_recevabilite = widgets.DatePicker(description="Fin de recevabilité", value=f.fin_recevabilite)
        self.option = widgets.Text(description="Option", value=f.option, continuous_update=False,
                                   placeholder="option ou parcours, s’il y en a")
        self.prerequis = widgets.VBox()
        self.add_prerequis = widgets.Button(description="Ajouter un prérequis", icon="plus", layout={"width": "auto"})
        self.objectifs = widgets.Textarea(description="Objectifs", value=f.objectifs, continuous_update=False,
                                          layout={"width": "95%", "height": "6em"})
        self.pieces = {p.id: widgets.Dropdown(description=p.titre[:40], value=self.model.justificatif_type(p.id),
                                              options=[("Non jointe", None), *((v, k) for k, v in
                                                                                JUSTIFICATIF_LABELS.items())],
                                              style={"description_width": "40%"}, layout={"width": "95%"})
                       for p in ws.dossier.pieces}
        self.confirmation = widgets.Checkbox(description="Je confirme mon dossier de faisabilité", value=f.confirmation)
        self.commentaire = widgets.Textarea(description="Commentaire", value=f.commentaire_confirmation,
                                            continuous_update=False, layout={"width": "95%"})
        self.attestation = widgets.Checkbox(description="J’atteste sur l’honneur l’exactitude de ces informations",
                                            value=f.attestation_honneur, layout={"width": "95%"})
        self.gaps = widgets.HTML()
        self.depots = widgets.VBox()
        self.depot_code = widgets.Text(description="Certification", placeholder="ex. RNCP39644", value=ws.dossier.certification)
        self.depot_date = widgets.DatePicker(description="Déposé le")
        self.add_depot = widgets.Button(description="Ajouter ce dépôt", icon="plus", layout={"width": "auto"})
        self.add_depot.on_click(feedback.guard(lambda _b: self.new_depot()))
        for name, control in (("eligibilite", self.eligibilite), ("fin_recevabilite", self.fin_recevabilite),
                              ("option", self.option), ("objectifs", self.objectifs),
                              ("confirmation", self.confirmation), ("commentaire_confirmation", self.commentaire),
                              ("attestation_honneur", self.attestation)):
            control.observe(lambda ch, n=name: self.set(n, ch["new"]), names="value")
        for piece_id, control in self.pieces.items():
            control.observe(feedback.guard(lambda ch, p=piece_id: self.attach(p, ch["new"])), names="value")
        self.add_prerequis.on_click(feedback.guard(lambda _b: self.new_prerequis()))
        super().__init__([
            widgets.HTML("<h3>Éligibilité</h3>"), self.eligibilite, self.fin_recevabilite,
            widgets.HTML("<h3>Certification visée</h3>"), self.option,
            widgets.HTML("<h3>Prérequis</h3>"), self.prerequis, self.add_prerequis,
            widgets.HTML("<h3>Vos objectifs</h3>"), self.objectifs,
            widgets.HTML("<h3>Pièces jointes</h3>"), *self.pieces.values(),
            widgets.HTML("<h3>Confirmation</h3>"), self.confirmation, self.commentaire, self.attestation,
            widgets.HTML("<h3>Dossiers de faisabilité déjà déposés</h3><p>France VAE n’en accepte qu’un par "
                         "certification et par année civile, et trois certifications différentes par an.</p>"),
            self.depots, widgets.HBox([self.depot_code, self.depot_date, self.add_depot]), self.gaps])
        self.add_class("vae-faisabilite")
        self.refresh()

    def report(self, error: str | None) -> None:
        if error:
            self.feedback.info(f"Valeur refusée\u00a0: {error}")
        self.refresh()

    def set(self, name: str, value: object) -> None:
        self.report(self.model.set(name, value))
        self.fin_recevabilite.value = self.model.faisabilite.fin_recevabilite

    def attach(self, piece_id: str, kind: object) -> None:
        self.model.set_justificatif(piece_id, kind)  # type: ignore[arg-type]
        self.refresh()

    def new_prerequis(self) -> None:
        self.model.add_prerequis()
        self.refresh()

    def new_depot(self) -> None:
        self.report(self.model.add_depot(self.depot_code.value, self.depot_date.value))

    def drop_depot(self, index: int) -> None:
        self.model.remove_depot(index)
        self.refresh()

    def remove_prerequis(self, index: int) -> None:
        self.model.remove_prerequis(index)
        self.refresh()

    def refresh(self) -> None:
        held = self.model.faisabilite.eligibilite == "recevabilite_acquise"
        self.fin_recevabilite.layout.display = None if held else "none"
        self.prerequis.children = [PrerequisRow(self, i) for i in range(len(self.model.faisabilite.prerequis))]
        self.depots.children = [self._depot_row(i) for i in range(len(self.model.faisabilite.depots))]
        self.gaps.value = GAPS_HTML.render(gaps=self.model.gaps(), warnings=self.model.warnings())


    def _depot_row(self, index: int) -> widgets.HBox:
        depot = self.model.faisabilite.depots[index]
        remove = widgets.Button(description="Retirer", icon="trash")
        remove.on_click(self.feedback.guard(lambda _b: self.drop_depot(index)))
        label = ENV.from_string("{{ c }}, déposé le {{ d }}").render(c=depot.certification,
                                                                     d=depot.date.strftime("%d/%m/%Y"))
        return widgets.HBox([widgets.HTML(label), remove])


def faisabilite_screen(dossier: str | Path | None = None, *, delay: float = 1.0,
                       environ: Mapping[str, str] | None = None) -> widgets.Widget:
    """The DFF page on ``dossier`` (resolved as in :mod:`vae_toolkit.ui.context`), or the chooser."""
    from vae_toolkit.ui.page import journey_screen

    return journey_screen(dossier, FaisabiliteView, delay=delay, environ=environ)


__all__ = ["FaisabiliteView", "faisabilite_screen"]
