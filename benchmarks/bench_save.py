"""Saving a dossier from a screen: a plain save against a save that must first merge a change made elsewhere.

The merged save reads and validates the other version, merges the three trees field by field and validates
the result, all under the folder lock: the ratio to the plain save, for dossiers of 1, 10 and 100
situations, is what a concurrent edit costs. The in-memory merge alone is shown beside them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Context, Row, measure  # noqa: E402
from generate import write_dossier  # noqa: E402

GROUP = "enregistrement"


def _timed_saves(folder: Path, repeat: int, *, elsewhere: bool) -> list[float]:
    """``repeat`` saves of one edited field, each after another writer changed another field when ``elsewhere``."""
    from vae_toolkit.storage.dossier import DossierSession

    session = DossierSession(folder)
    times = []
    for n in range(repeat + 1):  # the first save is a warm-up
        if elsewhere:
            other = DossierSession(folder)
            other.dossier.profil.ville = f"Ville {n}"
            other.save()
        session.dossier.notes = f"note {n}"
        start = time.perf_counter()
        saved = session.save()
        times.append(time.perf_counter() - start)
        assert saved.merged == elsewhere and not saved.conflicts
    return times[1:]


def run(ctx: Context) -> list[Row]:
    """Per size: the plain save, the merged save (ratio to the plain one), and the tree merge alone."""
    from vae_toolkit.storage.document import tree_of
    from vae_toolkit.storage.dossier import load_dossier
    from vae_toolkit.storage.merge import merge

    rows = []
    for n in ctx.sizes:
        folder = write_dossier(ctx.workdir / f"save-{n}", n, seed=ctx.seed)
        label = f"{n} situation{'s' if n > 1 else ''}"
        plain = Row(GROUP, f"sans modification ailleurs, {label}", _timed_saves(folder, ctx.repeat, elsewhere=False),
                    series="simple", size=n)
        rows.append(plain)
        rows.append(Row(GROUP, f"fusion avec une modification faite ailleurs, {label}",
                        _timed_saves(folder, ctx.repeat, elsewhere=True), baseline=plain.case, series="fusion",
                        size=n))
        base = tree_of(load_dossier(folder).model)
        ours, theirs = tree_of(load_dossier(folder).model), tree_of(load_dossier(folder).model)
        ours["notes"], theirs["profil"]["ville"] = "ici", "ailleurs"
        alone = measure(lambda b=base, o=ours, t=theirs: merge(b, o, t), ctx.repeat)
        rows.append(Row(GROUP, f"fusion des arbres seule, {label}", alone, series="arbres", size=n))
    return rows


if __name__ == "__main__":
    import tempfile

    from _common import print_table

    with tempfile.TemporaryDirectory() as tmp:
        print_table(run(Context(workdir=Path(tmp), repeat=7)))
