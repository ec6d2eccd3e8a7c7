"""Widget-free models of the candidate's screens (accueil, parcours, blocs).

Each model works on a :class:`~vae_toolkit.models.dossier.Dossier` held in memory and returns plain data
(dataclasses, French messages); the ipywidgets views in :mod:`vae_toolkit.ui` only bind to them.
Nothing here imports ipywidgets, so the logic is tested directly and reused by other front ends.
"""
