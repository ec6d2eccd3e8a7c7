"""Pièces justificatives of one compétence: add a file (copied under pieces/), link it to indicators, remove it."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from vae_toolkit.journey.bloc import BlocModel
from vae_toolkit.models.dossier import NaturePiece
from vae_toolkit.models.wording import NATURE_PIECE_LABELS
from vae_toolkit.storage.dossier import PIECES_DIR
from vae_toolkit.ui.common import ENV, Feedback, message_html
from vae_toolkit.ui.situation_editor import css_id

PIECE_HTML = ENV.from_string("""<b>{{ p.titre }}</b> – {{ nature }}{% if p.fichier %} ·
<code>{{ pieces }}/{{ p.fichier }}</code>{% else %} · <i>aucun fichier joint</i>{% endif %}
{% if not p.indicateurs %} · <i>à relier à des indicateurs</i>{% endif %}""")


class PiecesPanel(widgets.VBox):
    """The pièces of the compétence shown (and those linked to nothing yet), with an upload form."""

    def __init__(self, model: BlocModel, feedback: Feedback, after: Callable[[], None]) -> None:
        self.model, self.feedback, self.after = model, feedback, after
        self.rows = widgets.VBox()
        self.upload = widgets.FileUpload(accept="", multiple=False, description="Choisir un fichier")
        self.upload.add_class("vae-piece-upload")
        self.titre = widgets.Text(description="Titre", placeholder="ex. Attestation d’employeur 2015-2020",
                                  layout={"width": "60%"})
        self.titre.add_class("vae-piece-titre")
        self.nature = widgets.Dropdown(options=[(v, k.value) for k, v in NATURE_PIECE_LABELS.items()],
                                       value=NaturePiece.autre.value, description="Nature")
        ind = model.competence.indicateurs
        self.indicators = widgets.SelectMultiple(options=[(f"{i.id} – {i.texte}", i.id) for i in ind],
                                                 description="Prouve", layout={"width": "95%"}, rows=len(ind))
        self.add = widgets.Button(description="Ajouter la pièce", icon="paperclip", layout={"width": "auto"})
        self.add.add_class("vae-add-piece")
        self.message = Feedback()  # under the button: what adding a pièce did, or why it could not
        self.message.add_class("vae-action-message")
        self.add.on_click(self.message.guard(self._add))
        super().__init__([
            widgets.HTML("<p>Le fichier choisi est copié dans le dossier <code>pieces/</code> de votre dossier ; il "
                         "ne quitte pas cet ordinateur. Pensez à anonymiser les personnes accompagnées.</p>"),
            self.rows, self.upload, self.titre, self.nature, self.indicators, self.add, self.message,
        ])
        self.refresh()

    def _add(self, _b: object = None) -> None:
        if not self.upload.value:
            self.message.info("Choisissez d’abord un fichier avec « Choisir un fichier ».")
            return
        uploaded = self.upload.value[0]
        piece_id = self.model.add_piece(uploaded["name"], bytes(uploaded["content"]), self.titre.value,
                                        NaturePiece(self.nature.value), list(self.indicators.value))
        stored = self.model.piece(piece_id).fichier
        self.upload.value = ()
        self.titre.value = ""
        self.indicators.value = ()
        self.message.info(f"Pièce ajoutée : le fichier « {uploaded['name']} » est copié sous {PIECES_DIR}/{stored}.")
        self.refresh()
        self.after()

    def refresh(self) -> None:
        rows = []
        for piece in self.model.pieces():
            label = PIECE_HTML.render(p=piece, nature=NATURE_PIECE_LABELS[piece.nature], pieces=PIECES_DIR)
            links = []
            for ind in self.model.competence.indicateurs:
                check = widgets.Checkbox(value=ind.id in piece.indicateurs, description=ind.id, indent=False,
                                         layout={"width": "auto"})
                check.add_class(f"vae-piece-link-{css_id(piece.id)}-{css_id(ind.id)}")
                check.observe(self.feedback.guard(lambda ch, p=piece.id, i=ind.id: self._link(p, i, ch["new"])),
                              names="value")
                links.append(check)
            remove = widgets.Button(description="Retirer", icon="trash", layout={"width": "auto"},
                                    tooltip="Retire la pièce du dossier ; le fichier reste dans pieces/")
            remove.on_click(self.feedback.guard(lambda _b, p=piece.id: self._remove(p)))
            rows.append(widgets.VBox([widgets.HTML(label), widgets.HBox([*links, remove])]))
        self.rows.children = rows or [widgets.HTML(message_html("Aucune pièce pour cette compétence."))]

    def _link(self, piece_id: str, indicator_id: str, linked: bool) -> None:
        self.model.set_piece_link(piece_id, indicator_id, linked)
        self.after()

    def _remove(self, piece_id: str) -> None:
        self.model.delete_piece(piece_id)
        self.feedback.info("Pièce retirée du dossier ; son fichier reste dans pieces/.")
        self.refresh()
        self.after()
