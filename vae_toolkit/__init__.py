"""vae-toolkit: prepare a VAE (validation des acquis de l’expérience) dossier in Jupyter."""

__version__ = "0.1.0"
