"""French wording for argparse's own messages (usage, errors, help headings)."""

from __future__ import annotations

import argparse

_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur est attendue",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s (possibles : %(matches)s)",
    "not allowed with argument %s": "incompatible avec l’argument %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "show program's version number and exit": "afficher la version et quitter",
}


def _translate(message: str) -> str:
    return _FR.get(message, message)


def install() -> None:
    """Make argparse speak French in this process (argparse looks ``_`` up at call time)."""
    argparse._ = _translate  # type: ignore[attr-defined]
