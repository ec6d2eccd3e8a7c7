"""``vae referentiel migrate``: the demo dossier carried to a renamed copy of the DEIS keeps everything, a link with no
counterpart is listed (dossier and ``vae check``), a hand-made mapping carries it, ``vae restore`` undoes it all.
Also the registration-end warning of ``vae status`` and the dashboard."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from vae_toolkit.dashboard.table import dashboard
from vae_toolkit.analysis.echeance import echeance_warning
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier
from vae_toolkit.models.review import CompetenceReview, Review, Statut, add_comment
from vae_toolkit.storage.review import load_review, save_review

SHIPPED = Path(__file__).resolve().parents[1] / "vae_toolkit" / "referentiels" / "RNCP39644.yaml"
NEW = "RNCP99644"


def renamed_copy(folder: Path, *, drop: str | None = None, successor: bool = True) -> Path:
    """The DEIS under another code and other ids (BC01.C1.I1 → B1.K1.I1), a few texts retouched (accents,
    apostrophes, a word); ``drop`` rewrites one indicateur's text entirely so nothing can match it (and fails
    loudly when it cannot find that indicateur's text)."""
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("code: RNCP39644", f"code: {NEW}").replace("RNCP39644BC", f"{NEW}BC")
    text = re.sub(r"\bBC0(\d)\.C(\d)", r"B\1.K\2", text)
    text = re.sub(r"\bBC0(\d)\b", r"B\1", text)
    text = text.replace("Evaluer et mobiliser", "Évaluer et mobiliser").replace("l’utilisation", "l'utilisation")
    text = text.replace("les concepts et les démarches", "les concepts et démarches")
    text = text.replace("echeance: 2026-12-31", "echeance: 2031-12-31")
    if drop:
        text, found = re.subn(rf"(id: {re.escape(drop)}\n(?:\s+alias: .*\n)?\s+texte: ).*",
                              r"\1Savoir piloter un budget pluriannuel", text)
        # A layout change of the shipped file (a new key between id and texte) must not make the drop a no-op.
        assert found == 1, f"renamed_copy could not rewrite the text of {drop}"
    folder.mkdir(exist_ok=True)
    target = folder / f"{NEW}.yaml"
    target.write_text(text, encoding="utf-8")
    if successor:
        deis = SHIPPED.read_text(encoding="utf-8").replace("niveau: 7\n", f"niveau: 7\nnouvelles_certifications: [{NEW}]\n")
        (folder / "RNCP39644.yaml").write_text(deis, encoding="utf-8")
    return target


@pytest.fixture
def extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "refs"
    monkeypatch.setenv("VAE_REFERENTIELS", str(folder))
    return folder


def _links(folder: Path) -> tuple[list, list, int]:
    data = yaml.safe_load((folder / "dossier.yaml").read_text(encoding="utf-8"))
    return ([(s["id"], len(s["indicateurs"])) for s in data["situations"]],
            [(p["id"], len(p["indicateurs"])) for p in data["pieces"]], len(data["auto_evaluation"]))


def test_the_demo_moves_to_a_renamed_deis_with_every_situation_rating_and_link(
        demo_folder: Path, extra: Path, vae: Callable) -> None:
    renamed_copy(extra, successor=False)
    before = load_dossier(demo_folder).model
    review = Review(certification="RNCP39644", competences={"BC01.C1": CompetenceReview(statut=Statut.pret)})
    add_comment(review.competence("BC01.C1"), "Conseillère", "Très bien étayé.")
    save_review(demo_folder, review, None)
    sits, pieces, ratings = _links(demo_folder)
    result = vae("referentiel", "migrate", demo_folder, "--vers", NEW)
    assert result.returncode == 0, result.stderr
    assert "Tous les liens ont été reportés" in result.stdout and "vae restore" in result.stdout
    after = load_dossier(demo_folder).model
    assert after.certification == NEW and _links(demo_folder) == (sits, pieces, ratings)
    assert [s.model_dump(exclude={"indicateurs", "competence_principale"}) for s in after.situations] == [
        s.model_dump(exclude={"indicateurs", "competence_principale"}) for s in before.situations]
    assert [s.competence_principale for s in after.situations] == [
        re.sub(r"BC0(\d)\.C(\d)", r"B\1.K\2", s.competence_principale) if s.competence_principale else None
        for s in before.situations]
    new = load_referentiel(NEW)
    assert all(i in new.indicator_ids for s in after.situations for i in s.indicateurs)
    renamed = {old: re.sub(r"BC0(\d)\.C(\d)", r"B\1.K\2", old) for old in before.auto_evaluation}
    assert after.auto_evaluation == {renamed[old]: note for old, note in before.auto_evaluation.items()}
    assert [s.indicateurs for s in after.situations] == [
        [re.sub(r"BC0(\d)\.C(\d)", r"B\1.K\2", i) for i in s.indicateurs] for s in before.situations]
    assert after.migrations[-1].depuis == "RNCP39644" and after.migrations[-1].non_repris == []
    review = load_review(demo_folder).model
    assert review.certification == NEW and review.competences["B1.K1"].commentaires[0].texte == "Très bien étayé."
    assert vae("check", demo_folder).returncode == 0
    # Both files come back with vae restore.
    assert vae("restore", demo_folder, "--version", "1").returncode == 0
    assert vae("restore", demo_folder, "--revue", "--version", "1").returncode == 0
    assert load_dossier(demo_folder).model == before
    assert load_review(demo_folder).model.certification == "RNCP39644"


def test_an_unmatched_link_is_listed_then_mapped_by_hand(demo_folder: Path, extra: Path, vae: Callable,
                                                         tmp_path: Path) -> None:
    renamed_copy(extra, drop="B1.K3.I4")
    plan = vae("referentiel", "migrate", demo_folder, "--vers", NEW, "--plan", check=True).stdout
    assert re.search(r"^  BC01\.C3\.I4:  # non trouvé", plan, re.MULTILINE)
    assert re.search(r"^  BC03\.C1\.I1: B3\.K1\.I1  # identique", plan, re.MULTILINE)
    assert re.search(r"^  BC01\.C3\.I2: B1\.K3\.I2  # proche", plan, re.MULTILINE)
    assert load_dossier(demo_folder).model.certification == "RNCP39644"  # --plan changes nothing
    cited = [s.id for s in load_dossier(demo_folder).model.situations if "BC01.C3.I4" in s.indicateurs]
    assert cited, "the demo links BC01.C3.I4 (the test relies on it)"

    result = vae("referentiel", "migrate", demo_folder, "--vers", NEW, check=True)
    assert "non reporté" in result.stdout and "BC01.C3.I4" in result.stdout
    lost = load_dossier(demo_folder).model.migrations[-1].non_repris
    assert {(x.element, x.id) for x in lost} >= {("situation", s) for s in cited}
    check = vae("check", demo_folder)
    assert check.returncode == 0 and "lien non reporté" in check.stdout and "BC01.C3.I4" in check.stdout

    vae("restore", demo_folder, "--version", "1", check=True)
    mapping = tmp_path / "correspondances.yaml"
    mapping.write_text(plan.replace("  BC01.C3.I4:  #", "  BC01.C3.I4: B1.K3.I4  #"), encoding="utf-8")
    result = vae("referentiel", "migrate", demo_folder, "--vers", NEW, "--correspondances", mapping, check=True)
    assert "Tous les liens ont été reportés" in result.stdout
    after = load_dossier(demo_folder).model
    assert all("B1.K3.I4" in s.indicateurs for s in after.situations if s.id in cited)


def test_a_wrong_mapping_file_changes_nothing(demo_folder: Path, extra: Path, vae: Callable, tmp_path: Path) -> None:
    renamed_copy(extra)
    mapping = tmp_path / "correspondances.yaml"
    mapping.write_text("correspondances:\n  BC01.C1.I1: B9.K9.I9\n  INCONNU: B1\n", encoding="utf-8")
    raw = (demo_folder / "dossier.yaml").read_bytes()
    result = vae("referentiel", "migrate", demo_folder, "--vers", NEW, "--correspondances", mapping)
    assert result.returncode == 1 and "B9.K9.I9" in result.stderr and "INCONNU" in result.stderr
    assert (demo_folder / "dossier.yaml").read_bytes() == raw


def _import(folder: Path, *codes: str) -> None:
    from vae_toolkit.referentiels.build import build_referentiel
    from vae_toolkit.referentiels.rncp_export import read_fiche
    from vae_toolkit.storage.referentiel_file import write_referentiel_file

    folder.mkdir(exist_ok=True)
    xml = Path(__file__).parent / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml"
    for code in codes:
        write_referentiel_file(folder / f"{code}.yaml", build_referentiel(read_fiche(xml, code)).data)


def test_status_and_dashboard_warn_before_the_end_and_name_the_successor(tmp_path: Path, extra: Path,
                                                                          vae: Callable) -> None:
    deis = load_referentiel("RNCP39644")
    assert echeance_warning(deis, dt.date(2026, 9, 1)) is None
    soon = echeance_warning(deis, dt.date(2026, 11, 30))
    assert "prend fin le 31/12/2026, dans 31" in soon and "Demandez au certificateur" in soon
    _import(extra, "RNCP90004", "RNCP90001")
    folder = tmp_path / "candidats" / "lea"
    vae("init", folder, "--nom", "Martin", "--prenom", "Léa", "--certification", "RNCP90004", check=True)
    status = vae("status", folder, check=True).stdout
    assert "a pris fin le 31/12/2023" in status
    assert "remplacée par RNCP90001 – Titre fictif de médiateur de quartier" in status
    assert "RNCP90001" in json.loads(vae("status", folder, "--json", check=True).stdout)["alerte_echeance"]
    row = dashboard(folder.parent, today=dt.date(2026, 12, 15)).iloc[0]
    assert "a pris fin" in row["alerte_echeance"] and "RNCP90001" in row["alerte_echeance"]


def test_compétences_rated_whole_follow_their_text(tmp_path: Path, extra: Path, vae: Callable) -> None:
    _import(extra, "RNCP90004", "RNCP90001")
    folder = tmp_path / "lea"
    vae("init", folder, "--nom", "Martin", "--prenom", "Léa", "--certification", "RNCP90004", check=True)
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    text = text.replace("auto_evaluation: {}", "auto_evaluation:\n  BC01.C1: 3\n  BC01.C2: 2")
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    assert vae("check", folder).returncode == 0
    vae("referentiel", "migrate", folder, "--vers", "RNCP90001", check=True)
    assert load_dossier(folder).model.auto_evaluation == {"BC01.C1": 3, "BC01.C2": 2}


def test_france_vae_parts_follow_the_blocs(demo_folder: Path, extra: Path) -> None:
    """Format 3 holds bloc ids outside the links: the jury's acquired blocs and the per-bloc grid comments of the
    review. They follow the bloc mapping; a bloc with no counterpart is listed, its comment kept in the review."""
    from vae_toolkit.models.migration import migrate_dossier, migrate_review, propose_mapping
    from vae_toolkit.models.review import BlocReview

    renamed_copy(extra, successor=False)
    old, new = load_referentiel("RNCP39644"), load_referentiel(NEW)
    dossier = load_dossier(demo_folder).model
    dossier.jury.blocs_acquis = ["BC01", "BC03"]
    review = Review(certification="RNCP39644", conseiller="Conseillère",
                    blocs={"BC01": BlocReview(commentaire="Bloc solide."), "BC02": BlocReview(commentaire="À étayer.")})
    mapping = propose_mapping(old, new)
    moved = migrate_dossier(dossier, old, new, mapping, today=dt.date(2026, 12, 1))
    assert moved.jury.blocs_acquis == ["B1", "B3"] and moved.migrations[-1].non_repris == []
    carried, lost = migrate_review(review, old, new, mapping)
    assert {k: v.commentaire for k, v in carried.blocs.items()} == {"B1": "Bloc solide.", "B2": "À étayer."}
    assert lost == []
    # BC02 mapped to nothing: the acquired bloc is listed, the grid comment moves to the general comments.
    mapping.blocs["BC02"].nouveau = None
    dossier.jury.blocs_acquis = ["BC02"]
    moved = migrate_dossier(dossier, old, new, mapping, today=dt.date(2026, 12, 1))
    assert moved.jury.blocs_acquis == [] and [(l.element, l.ancien) for l in moved.migrations[-1].non_repris
                                           if l.element == "jury"] == [("jury", "BC02")]
    carried, lost = migrate_review(review, old, new, mapping)
    assert "BC02" in lost and list(carried.blocs) == ["B1"]
    assert any(c.texte.endswith("À étayer.") and "BC02" in c.texte for c in carried.commentaires)
