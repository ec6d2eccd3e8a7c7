"""``export(folder, what, fmt)``: write one export of a dossier without nbconvert (fast start-up).

Used by ``vae export``, ``vae export-all`` and the Export buttons. It renders the same template folders
as the nbconvert exporters, with the same filters (:mod:`vae_toolkit.export.render`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from vae_toolkit.errors import VaeError
from vae_toolkit.export import render
from vae_toolkit.export.kinds import export_format, kind, template_name


def build_context(folder: str | Path, what: str, today: dt.date | None = None, *, final: bool = False) -> dict[str, Any]:
    """The data of one export of the dossier in ``folder`` (``resources["vae"]``).

    ``final`` (livret only): the version to send to the jury instead of the working version.
    """
    from vae_toolkit.referentiels import load_referentiel
    from vae_toolkit.storage.dossier import load_dossier
    from vae_toolkit.storage.review import load_with_review

    chosen = kind(what)
    if final and not chosen.final_stem:
        raise VaeError("L’option --final ne concerne que le dossier de validation (--what livret).")
    extra: dict[str, Any] = {"final": final} if chosen.final_stem else {}
    if chosen.with_review:
        dossier, extra["review"], ref = load_with_review(folder)
    else:
        dossier = load_dossier(folder).model
        ref = load_referentiel(dossier.certification)
    return chosen.build(dossier, ref, today=today, **extra)


def default_output(folder: str | Path, what: str, fmt: str, today: dt.date | None = None, *,
                   final: bool = False) -> Path:
    """``<dossier>/exports/<kind>-<date>.<ext>``, e.g. ``exports/dossier-de-validation-2026-11-29.pdf``."""
    from vae_toolkit.storage.dossier import EXPORTS_DIR

    day = (today or dt.date.today()).isoformat()
    chosen = kind(what)
    stem = chosen.final_stem if final and chosen.final_stem else chosen.stem
    return Path(folder) / EXPORTS_DIR / f"{stem}-{day}{export_format(fmt).extension}"


def export(folder: str | Path, what: str, fmt: str, output: str | Path | None = None,
           *, today: dt.date | None = None, final: bool = False) -> Path:
    """Render ``what`` (a kind of :mod:`vae_toolkit.export.kinds`) of the dossier in ``folder`` as ``fmt`` (pdf, html); return the file.

    The default file goes under the dossier's ``exports/`` (created 0700); the file is written atomically, 0600.
    Raises :class:`VaeError` (French message) for any user error.
    """
    from vae_toolkit.export.destination import check_destination
    from vae_toolkit.storage.atomic import atomic_write, ensure_private_dir, french_reason

    template_name(what, fmt)  # refuses an unknown kind or format with a French message
    try:
        if output is None:
            target = default_output(folder, what, fmt, today, final=final)
        else:
            target = Path(output).expanduser()
            if target.is_dir():
                target = target / default_output(folder, what, fmt, today, final=final).name
            elif not target.parent.is_dir():
                raise VaeError(f"Le dossier de destination {target.parent} n’existe pas.")
    except OSError as exc:
        raise VaeError(f"Impossible d’écrire l’export {output} : {french_reason(exc)}.") from None
    check_destination(folder, target)
    data = render.render(what, fmt, build_context(folder, what, today=today, final=final))
    if output is None:
        ensure_private_dir(target.parent)
    atomic_write(target, data)
    return target
