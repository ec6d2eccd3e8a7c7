"""A quiet, French server: no English traceback in the terminal, French pages for a missing token or an error.

Applied by :func:`vae_toolkit.app.server.serve` only (the process is ours): Jupyter's and Tornado's loggers say
nothing below CRITICAL (a closed tab's websocket, the idle culler's bookkeeping), the login form (reached with no
token or a wrong one) and every error page become one French page saying how to reopen the app.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import jinja2

QUIET_LOGGERS = ("tornado.application", "tornado.general", "tornado.access", "tornado.websocket", "asyncio",
                 "traitlets", "Voila", "VoilaApp", "ServerApp")

PAGE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }} · Mon dossier de VAE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;max-width:40rem;margin:3rem auto;
padding:0 1rem;color:#1d1d1f;line-height:1.5}h1{font-size:1.5rem}code{background:#f3f6fa;padding:0 .3em}</style>
</head><body><main><h1>{{ title }}</h1>{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</main></body></html>""")

REOPEN = ("Pour rouvrir l’application, relancez dans un terminal la commande « vae app » (ou « python3 bootstrap.py "
          "app » depuis le dossier du projet) et ouvrez l’adresse qu’elle affiche, jeton compris. Vos saisies sont "
          "enregistrées dans votre dossier : rien n’est perdu.")


def page(status: int) -> str:
    """The French page for an HTTP status (401/403: the token; 404: a wrong address; anything else)."""
    if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN) or status == 0:
        return PAGE.render(title="Adresse expirée ou incomplète", paragraphs=[
            "Cette adresse ne donne pas accès à l’application : le jeton d’accès (token=…) manque, ou il date "
            "d’un lancement précédent de l’application.", REOPEN])
    if status == HTTPStatus.NOT_FOUND:
        return PAGE.render(title="Page introuvable", paragraphs=[
            "Cette adresse ne correspond à aucune page de l’application.", REOPEN])
    return PAGE.render(title="Erreur du serveur", paragraphs=[
        f"Le serveur de l’application n’a pas pu répondre (erreur {status}).", REOPEN])


def quiet_logs() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def install() -> None:
    """Patch the handlers of this process: French login and error pages, quiet logs."""
    from jupyter_server.base.handlers import JupyterHandler
    from voila.voila_identity_provider import VoilaLoginHandler

    def write_error(handler: Any, status_code: int, **_kwargs: Any) -> None:
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        handler.finish(page(status_code))

    def login_page(handler: Any, *_args: Any, **_kwargs: Any) -> None:  # public, as the login form it replaces
        handler.set_status(HTTPStatus.FORBIDDEN)
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        handler.finish(page(HTTPStatus.FORBIDDEN))

    setattr(login_page, "__allow_unauthenticated", True)  # jupyter_server's allow_unauthenticated marker
    JupyterHandler.write_error = write_error  # type: ignore[method-assign]
    VoilaLoginHandler.get = login_page  # type: ignore[method-assign]
    VoilaLoginHandler.post = login_page  # type: ignore[method-assign]
    quiet_logs()
