"""Every text field is searched and anonymised (issue 15, item 1), found from the models themselves: a field
added later (the livret's format v2, say) cannot escape. Identifiers, enums and literals are not text."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_helpers import pdf_text
from pydantic import BaseModel, ValidationError

from vae_toolkit.analysis.anonymisation import anonymisation_warnings, apply, suspects
from vae_toolkit.models.dossier import Remplacement
from vae_toolkit.storage.dossier import DossierSession

TODAY = dt.date(2026, 11, 30)
NAME = "Mme Zoubida Quesnel-Arbogast"
CANDIDATE_OWN = {("profil", "nom"), ("profil", "prenom"), ("profil", "email"), ("profil", "telephone")}
"""The candidate's own name and contact: never flagged (they are theirs), but replaced when the table says so."""


def _writable_text_fields(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, BaseModel, str, object]]:
    """Every str value of ``model`` (recursively) that accepts free text, found by trying to write some."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*path, name)
        if name == "anonymisation":
            continue
        if isinstance(value, BaseModel):
            yield from _writable_text_fields(value, here)
        elif isinstance(value, list | dict):
            for i, item in value.items() if isinstance(value, dict) else enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _writable_text_fields(item, (*here, i))
                elif isinstance(item, str) and _accepts_text(model, name, i):
                    yield (*here, i), model, name, i
        elif (isinstance(value, str) or value is None) and _accepts_text(model, name, None):
            yield here, model, name, None


def _accepts_text(model: BaseModel, name: str, index: object) -> bool:
    probe = f"Texte libre {NAME}"
    old = getattr(model, name)
    try:
        if index is None:
            setattr(model, name, probe)
        else:
            values = dict(old) if isinstance(old, dict) else list(old)
            values[index] = probe
            setattr(model, name, values)
    except ValidationError:
        return False
    finally:
        object.__setattr__(model, "__dict__", {**model.__dict__, name: old})
    return True


@pytest.fixture
def everywhere(demo_folder: Path) -> tuple[Path, list[tuple]]:
    """The demo dossier with a third party's name and phone in every free-text field it has."""
    session = DossierSession(demo_folder)
    d = session.dossier
    if not d.profil.diplomes:
        pytest.fail("the demo should have a diploma")
    d.profil.ville = d.profil.ville or "Lyon"
    d.profil.email = d.profil.email or "x@example.org"
    d.profil.telephone = d.profil.telephone or "06 00 00 00 00"
    fields = [f for f in _writable_text_fields(d) if f[0][:2] not in CANDIDATE_OWN]
    assert len(fields) > 40
    for path, owner, name, index in fields:
        text = f"Texte libre {NAME}, 06 98 76 54 32."
        if index is None:
            setattr(owner, name, text)
        else:
            current = getattr(owner, name)
            values = dict(current) if isinstance(current, dict) else list(current)
            values[index] = text
            setattr(owner, name, values)
    session.save()
    return demo_folder, [f[0] for f in fields]


def test_every_text_field_is_searched(everywhere: tuple[Path, list[tuple]]) -> None:
    folder, paths = everywhere
    found = suspects(DossierSession(folder).dossier)
    names = [s for s in found if s.texte == NAME]
    phones = [s for s in found if s.genre == "telephone" and "98 76" in s.texte]
    assert len(names) == len(paths) and len(phones) == len(paths)


def test_vae_check_warns_about_every_field(everywhere: tuple[Path, list[tuple]], vae) -> None:
    folder, paths = everywhere
    result = vae("check", folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(f"«\u00a0{NAME}\u00a0»") == len(paths)


@pytest.mark.parametrize("what", ["livret", "gaps"])
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_no_export_prints_an_original_of_the_table(everywhere: tuple[Path, list[tuple]], tmp_path: Path,
                                                    what: str, fmt: str) -> None:
    from vae_toolkit.export.api import export

    folder, _paths = everywhere
    session = DossierSession(folder)
    session.dossier.anonymisation = [Remplacement(original="Zoubida Quesnel-Arbogast", remplacement="Z. Q."),
                                     Remplacement(original="06 98 76 54 32", remplacement="[téléphone]")]
    session.save()
    out = export(folder, what, fmt, tmp_path / f"{what}.{fmt}", today=TODAY)
    text = pdf_text(out) if fmt == "pdf" else html.unescape(out.read_text(encoding="utf-8"))
    for original in ("Quesnel", "Arbogast", "Zoubida", "98 76", "98\u00a076"):
        assert original not in text, original
    if what == "livret":
        assert "Z. Q." in text


def test_apply_changes_every_searched_field_and_keeps_identifiers(everywhere: tuple[Path, list[tuple]]) -> None:
    folder, paths = everywhere
    dossier = DossierSession(folder).dossier
    dossier.anonymisation = [Remplacement(original="Quesnel-Arbogast", remplacement="Q.")]
    copy = apply(dossier)
    dumped = copy.model_dump_json()
    assert "Quesnel" not in dumped and dumped.count("Zoubida Q.") >= len(paths)
    assert [s.id for s in copy.situations] == [s.id for s in dossier.situations]
    assert copy.situations[0].indicateurs == dossier.situations[0].indicateurs
    assert copy.anonymisation == [] and len(dossier.anonymisation) == 1


def test_health_information_on_a_third_party_is_flagged() -> None:
    from vae_toolkit.demo import demo_dossier

    d = demo_dossier()
    d.situations[0].contexte = ("J’ai accompagné Mme Durand, dont la schizophrénie rendait les rendez-vous "
                                "difficiles.\n" + "Texte neutre. " * 30 + "Plus loin, M. Martin est venu.")
    d.experiences[0].structure.publics = "La famille Lenoir, suivie par la MDPH."
    d.profil.motivation = f"Ma propre maladie, {d.profil.prenom} {d.profil.nom}, m’a appris l’écoute."
    warnings = [p.message for p in anonymisation_warnings(d) if "santé" in p.message]
    assert len(warnings) == 2
    assert any("«\u00a0Mme Durand\u00a0» près de «\u00a0schizophrénie\u00a0»" in w for w in warnings)
    assert any("«\u00a0famille Lenoir\u00a0» près de «\u00a0MDPH\u00a0»" in w for w in warnings)
    assert not any("Martin" in w for w in warnings)
