"""French wording of pydantic validation errors, for people who never read English tracebacks."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from vae_toolkit.models.checks import Problem

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (faute de frappe ?)",
    "string_type": "texte attendu",
    "string_too_short": "ne doit pas être vide",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "string_pattern_mismatch": "identifiant invalide (lettres, chiffres, « . », « _ » ou « - »)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "bool_type": "oui/non attendu (true ou false)",
    "bool_parsing": "oui/non attendu (true ou false)",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_inexact": "date attendue sans heure (AAAA-MM-JJ)",
    "datetime_type": "date et heure attendues au format AAAA-MM-JJ HH:MM:SS",
    "datetime_parsing": "date et heure attendues au format AAAA-MM-JJ HH:MM:SS",
    "datetime_from_date_parsing": "date et heure attendues au format AAAA-MM-JJ HH:MM:SS",
    "datetime_object_invalid": "date et heure invalides",
    "list_type": "liste attendue",
    "dict_type": "suite de champs « clé : valeur » attendue",
    "model_type": "suite de champs « clé : valeur » attendue",
    "model_attributes_type": "suite de champs « clé : valeur » attendue",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "less_than": "doit être inférieur à {lt}",
    "enum": "valeur non reconnue ; valeurs possibles : {expected}",
    "literal_error": "valeur non reconnue ; valeur attendue : {expected}",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "finite_number": "nombre fini attendu",
    "invalid_key": "nom de champ invalide : il doit être du texte",
    "int_parsing_size": "nombre entier trop grand",
    "too_long": "au plus {max_length} élément(s) attendu(s)",
    "string_unicode": "texte Unicode valide attendu",
}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATE_PARSING = {"date_parsing", "date_from_datetime_parsing", "datetime_parsing", "datetime_from_date_parsing"}


def french_message(err: ErrorDetails) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind in _DATE_PARSING and isinstance(value, str) and _ISO_DATE.match(value):
        return f"date impossible\u00a0: {value} (jour, mois ou année hors du calendrier\u00a0; format AAAA-MM-JJ)"
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    for key, value in ctx.items():
        if isinstance(value, float):
            ctx[key] = f"{value:g}".replace(".", ",")
    if isinstance(ctx.get("expected"), str):
        ctx["expected"] = ctx["expected"].replace(" or ", " ou ")
    template = _MESSAGES.get(kind)
    if template is None:
        return f"valeur invalide ({err['msg']})"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split(";")[0]


def problems_from(exc: ValidationError) -> list[Problem]:
    """One :class:`Problem` per pydantic error, with its field path."""
    out = []
    for e in exc.errors(include_url=False):
        message = french_message(e)
        if e["loc"][:1] == ("auto_evaluation",) and e["type"] in _RATING_ERRORS:
            message = f"note hors de l’échelle (de 1 « Pas encore » à 4 « Maîtrisé ») : {message}"
        out.append(Problem(tuple(e["loc"]), message))
    return out


_RATING_ERRORS = {"greater_than_equal", "less_than_equal", "int_parsing", "int_type", "int_from_float"}
