"""The shipped référentiel matches the official fiche word for word, and its IDs are stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import available_codes, load_referentiel

FICHE = Path(__file__).parent / "data" / "fiche_RNCP39644.txt"

# Published IDs: a change here breaks every dossier ever written. Append, never renumber.
STABLE_IDS = {
    "BC01": {"BC01.C1": 2, "BC01.C2": 4, "BC01.C3": 4},
    "BC02": {"BC02.C1": 2, "BC02.C2": 4, "BC02.C3": 3},
    "BC03": {"BC03.C1": 2, "BC03.C2": 2, "BC03.C3": 2, "BC03.C4": 3},
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def parse_fiche(text: str) -> dict[str, dict]:
    """Blocs of the fiche: {code: {"intitule", "competences": [(title, [indicator, …])]}}."""
    blocs: dict[str, dict] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        head = re.match(r"^(RNCP\d+BC\d+) - (.+)$", line)
        if head:
            current = blocs.setdefault(head.group(1), {"intitule": head.group(2), "competences": []})
            continue
        if current is None or not line or line.startswith("Liste de compétences"):
            continue
        if line.startswith(("Epreuve", "Description des modalités")):
            current = None
            continue
        if line.startswith("•"):
            current["competences"][-1][1].append(_norm(line.lstrip("• ")))
        else:
            current["competences"].append((_norm(line), []))
    return blocs


@pytest.fixture(scope="module")
def fiche() -> dict[str, dict]:
    return parse_fiche(FICHE.read_text(encoding="utf-8"))


def test_counts(ref: Referentiel) -> None:
    assert (len(ref.blocs), len(ref.competences), len(ref.indicateurs)) == (3, 10, 28)


def test_every_text_matches_the_fiche(ref: Referentiel, fiche: dict[str, dict]) -> None:
    assert [b.code for b in ref.blocs] == list(fiche)
    for bloc in ref.blocs:
        official = fiche[bloc.code]
        assert bloc.intitule == official["intitule"]
        assert [_norm(c.intitule) for c in bloc.competences] == [t for t, _ in official["competences"]]
        for comp, (_, indicators) in zip(bloc.competences, official["competences"], strict=True):
            assert [_norm(i.texte) for i in comp.indicateurs] == indicators


def test_fiche_parser_sees_28_indicators(fiche: dict[str, dict]) -> None:
    assert sum(len(inds) for b in fiche.values() for _, inds in b["competences"]) == 28


def test_ids_are_stable(ref: Referentiel) -> None:
    got = {b.id: {c.id: len(c.indicateurs) for c in b.competences} for b in ref.blocs}
    assert got == STABLE_IDS
    for comp in ref.competences:
        assert [i.id for i in comp.indicateurs] == [f"{comp.id}.I{n}" for n in range(1, len(comp.indicateurs) + 1)]


def test_metadata(ref: Referentiel) -> None:
    assert ref.code == "RNCP39644" and ref.niveau == 7
    assert ref.echeance is not None and ref.echeance.isoformat() == "2026-12-31"
    assert [c.code for c in ref.nsf] == ["332"]
    assert [c.code for c in ref.formacodes] == ["44072", "44056"]
    assert [c.code for c in ref.rome] == ["K1400", "K1403", "K12", "K1802", "M1402"]
    assert len(ref.certificateurs) == 2
    assert [f.intitule for f in ref.fonctions] == ["Expertise-conseil", "Conception et développement", "Évaluation"]
    assert [a.intitule for a in ref.fonctions[0].activites] == ["Diagnostiquer et contextualiser", "Proposer et anticiper"]
    assert [b.ancien_code for b in ref.blocs] == ["DC1", "DC2", "DC3"]


def test_epreuves(ref: Referentiel) -> None:
    e1, e2, e3 = (b.epreuve for b in ref.blocs)
    assert e1 is not None and (e1.pages_min, e1.pages_max) == (90, 120)
    assert e1.ecrit is not None and e1.ecrit.coefficient == 3
    assert e1.oral is not None and (e1.oral.coefficient, e1.oral.duree_minutes) == (2, 50)
    assert e2 is not None and (e2.pages_min, e2.pages_max) == (30, 35) and e2.ecrit is not None and e2.ecrit.collectif
    assert e3 is not None and (e3.signes_min, e3.signes_max) == (10000, 12000)


def test_dispenses(ref: Referentiel) -> None:
    assert ref.dispensed_blocs(["CAFERUIS"]) == {"BC03": "CAFERUIS"}
    assert ref.dispensed_blocs(["cafdes"]) == {"BC03": "CAFDES"}
    assert ref.dispensed_blocs(["DEES", "Master"]) == {}


def test_lookup(ref: Referentiel) -> None:
    assert ref.bloc("BC02.C3.I1").id == "BC02"
    assert ref.competence("BC02.C3.I1").id == "BC02.C3"
    assert ref.indicateur("BC02.C3.I1").texte.startswith("Connaître l’histoire")
    with pytest.raises(KeyError):
        ref.indicateur("BC02.C3")
    with pytest.raises(KeyError):
        ref.bloc("BC09")


def test_every_shipped_referentiel_loads() -> None:
    for code in available_codes():
        assert load_referentiel(code).code == code


def test_duplicate_ids_are_refused(ref: Referentiel) -> None:
    data = json.loads(ref.model_dump_json())
    data["blocs"][1]["competences"][0]["indicateurs"][0]["id"] = "BC01.C1.I1"
    with pytest.raises(ValueError, match="en double"):
        Referentiel.model_validate(data)
