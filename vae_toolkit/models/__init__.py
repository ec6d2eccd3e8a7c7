"""Validated data models: the référentiel of a certification, the candidate's dossier, the counsellor's review.

Import each model from its own module (``vae_toolkit.models.dossier``…): this package re-exports nothing.
"""
