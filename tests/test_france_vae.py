"""France VAE's rules: the grid refused while an answer or a bloc comment is missing, the analysis' answers as
proposals until the accompagnateur confirms them, and the dossier de faisabilité (DFF) in France VAE's order."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.export_helpers import pdf_text
from vae_toolkit.analysis.france_vae import (
    bloc_text,
    comment_problem,
    confirm_proposals,
    grid_problems,
    opinion_problems,
)
from vae_toolkit.analysis.gaps import analyse
from vae_toolkit.errors import VaeError
from vae_toolkit.export.api import export
from vae_toolkit.models.dossier import SCHEMA_VERSION
from vae_toolkit.models.faisabilite import Justificatif, TypeJustificatif
from vae_toolkit.models.review import Avis, Grille, Review
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import DossierSession, load_dossier
from vae_toolkit.storage.history import versions
from vae_toolkit.storage.review import ReviewSession, load_review

TODAY = dt.date(2026, 11, 30)
V2 = Path(__file__).parent / "data" / "dossier-v2.yaml"


def _analysis(folder: Path):  # noqa: ANN202 - (analysis, ref, dossier)
    dossier = load_dossier(folder).model
    ref = load_referentiel(dossier.certification)
    return analyse(dossier, ref, today=TODAY), ref, dossier


def _confirmed(folder: Path, *, avis: Avis | None = Avis.favorable) -> ReviewSession:
    """The accompagnateur confirms every proposal and gives an opinion with préconisations."""
    analysis, ref, dossier = _analysis(folder)
    session = ReviewSession(folder)
    session.review.conseiller = "Paul Aubert"
    confirm_proposals(analysis, session.review, dossier, ref)
    session.review.avis.avis = avis
    session.review.avis.preconisations = "Consolider la prospective avant le jury."
    session.review.parcours.heures_accompagnement_individuel = 20
    session.review.parcours.heures_accompagnement_collectif = 6.5
    session.review.parcours.heures_formation = 0
    session.review.parcours.formations_obligatoires = ["Méthodologie de l’enquête sociale"]
    session.review.parcours.savoirs_de_base = ["Usage du numérique"]
    session.save()
    return session


def test_an_unconfirmed_answer_refuses_the_dff_naming_bloc_and_competence(demo_folder: Path, ref) -> None:
    with pytest.raises(VaeError) as caught:
        export(demo_folder, "faisabilite", "html", today=TODAY)
    message = str(caught.value)
    for comp in ref.competences:
        bloc = next(b for b in ref.blocs if comp in b.competences)
        assert re.search(rf"Bloc {bloc.code} .*compétence {re.escape(ref.label(comp.id))} «\u00a0"
                         rf"{re.escape(comp.intitule)}\u00a0».*non confirmée", message), comp.id
    assert "commentaire du bloc vide" in message and "Favorable" in message
    assert not (demo_folder / "exports").exists() or not list((demo_folder / "exports").iterdir())


def test_one_missing_answer_is_named_alone(demo_folder: Path, ref) -> None:
    session = _confirmed(demo_folder)
    target = ref.competences[1]
    session.review.competences[target.id].grille = None
    session.save()
    analysis, _, _ = _analysis(demo_folder)
    problems = grid_problems(analysis, session.review, ref)
    assert [(p.bloc, p.competence) for p in problems] == [(ref.blocs[0].id, target.id)]
    with pytest.raises(VaeError, match=re.escape(ref.label(target.id))):
        export(demo_folder, "faisabilite", "pdf", today=TODAY)


def test_bloc_comment_length_is_counted_after_trimming(ref) -> None:
    assert comment_problem("   \n ") == "vide"
    assert comment_problem("  " + "x" * 10_000 + "  \n") is None
    assert "10\u202f001 caractères" in comment_problem("x" * 10_001)
    review = Review(certification=ref.code)
    for comp in ref.competences:
        review.competence(comp.id).grille = Grille.oui
    review.bloc(ref.blocs[0].id).commentaire = "y" * 10_001
    review.bloc(ref.blocs[1].id).commentaire = "ok"
    dossier = load_dossier_from_demo()
    analysis = analyse(dossier, ref, today=TODAY)
    problems = grid_problems(analysis, review, ref)
    blocs_at_fault = [p.bloc for p in problems]
    assert ref.blocs[0].id in blocs_at_fault and ref.blocs[1].id not in blocs_at_fault
    assert all(p.competence is None for p in problems)
    assert any("trop long" in p.message for p in problems)


def load_dossier_from_demo():  # noqa: ANN201
    from vae_toolkit.demo import demo_dossier

    return demo_dossier()


def test_confirming_keeps_the_accompagnateurs_own_choice(demo_folder: Path, ref) -> None:
    analysis, _, dossier = _analysis(demo_folder)
    review = Review(certification=ref.code)
    first = ref.competences[0]
    review.competence(first.id).grille = Grille.non
    review.bloc(ref.blocs[0].id).commentaire = "Mon commentaire."
    written = confirm_proposals(analysis, review, dossier, ref)
    assert review.competences[first.id].grille == Grille.non
    assert review.blocs[ref.blocs[0].id].commentaire == "Mon commentaire."
    aimed = [b for b in ref.blocs if analysis.blocs.at[b.id, "statut_bloc"] == "vise"]
    assert written == sum(len(b.competences) for b in aimed) - 1 + len(aimed) - 1
    assert grid_problems(analysis, review, ref) == []
    assert confirm_proposals(analysis, review, dossier, ref) == 0


def test_the_opinion_must_be_favorable_or_defavorable_with_preconisations() -> None:
    review = Review(certification="RNCP39644")
    assert len(opinion_problems(review)) == 2
    review.avis.avis = Avis.reserve
    review.avis.preconisations = "Texte."
    assert opinion_problems(review) == ["Avis de l’accompagnateur\u00a0: France VAE n’accepte que «\u00a0Favorable\u00a0» "
                                        "ou «\u00a0Défavorable\u00a0»."]
    review.avis.avis = Avis.defavorable
    assert opinion_problems(review) == []


def test_the_dff_shows_every_field_in_france_vae_order(demo_folder: Path, ref) -> None:
    _confirmed(demo_folder)
    path = export(demo_folder, "faisabilite", "html", today=TODAY)
    assert path.name == "dossier-de-faisabilite-2026-11-30.html" and path.stat().st_mode & 0o777 == 0o600
    html = path.read_text(encoding="utf-8")
    order = ["1. Éligibilité", "Première demande", "2. Certification visée", "Option ou parcours",
             "Certification complète", "3. Prérequis", "Diplôme de niveau 6", "Acquis", "4. Parcours envisagé",
             "20\u00a0h", "6,5\u00a0h", "0\u00a0h", "Méthodologie de l’enquête sociale", "Usage du numérique",
             "5. Objectifs du candidat", "observatoire social", "6. Blocs de compétences",
             "7. Pièces jointes", "Attestation d’emploi du conseil départemental", "8. Avis de l’accompagnateur",
             "Favorable", "Consolider la prospective", "9. Confirmation du candidat", "Attestation sur l’honneur",
             "Non cochée"]
    body = html[html.index('id="eligibilite"'):]
    position = 0
    for text in order:  # each field found after the previous one
        found = body.find(text, position)
        assert found >= 0, f"{text!r} missing or out of order"
        position = found + len(text)
    for bloc in ref.blocs:
        assert f"{bloc.code} – {bloc.intitule}" in html
    # the candidate's part left empty is listed, not invented
    assert "Pièce jointe\u00a0: pièce d’identité." in html and "Attestation sur l’honneur." in html


def test_the_dff_pdf_renders_through_typst(demo_folder: Path) -> None:
    _confirmed(demo_folder, avis=Avis.defavorable)
    session = DossierSession(demo_folder)
    f = session.dossier.faisabilite
    f.objectifs = 'Mon objectif #read("/etc/passwd") $x$ *gras* <b>'
    f.confirmation, f.attestation_honneur = True, True
    f.commentaire_confirmation = "Je confirme."
    f.justificatifs = [*f.justificatifs, Justificatif(type=TypeJustificatif.identite,
                                                       piece_id="piece-fiche-de-poste")]
    session.save()
    path = export(demo_folder, "faisabilite", "pdf", today=TODAY)
    text = " ".join(pdf_text(path).split())
    assert 'Mon objectif #read("/etc/passwd") $x$ *gras* <b>' in text
    for label in ("Défavorable", "Commentaires / préconisations", "Je confirme.", "Pièce d’identité", "Cochée"):
        assert label in text
    assert "À compléter par le candidat" not in text
    html = export(demo_folder, "faisabilite", "html", today=TODAY).read_text(encoding="utf-8")
    assert "&lt;b&gt;" in html and "<b>" not in html.split("Mon objectif")[1][:80]


def test_plain_text_per_bloc(ref) -> None:
    bloc = ref.blocs[0]
    answers = {c.id: "oui" for c in bloc.competences} | {bloc.competences[-1].id: "partiellement"}
    text = bloc_text(bloc, ref, answers, "  Commentaire.\n")
    lines = text.splitlines()
    assert lines[0] == f"{bloc.code} – {bloc.intitule}"
    assert lines[1] == f"{ref.label(bloc.competences[0].id)} {bloc.competences[0].intitule}\u00a0: Oui"
    assert lines[len(bloc.competences)].endswith(": Partiellement")
    assert lines[-2:] == ["Commentaire du bloc\u00a0:", "Commentaire."]


def test_the_review_export_lists_the_grid_errors(demo_folder: Path, vae, ref) -> None:
    result = vae("export", demo_folder, "--what", "review", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "France VAE refuserait" in result.stderr and ref.label(ref.competences[0].id) in result.stderr
    html = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "France VAE refuserait cette grille" in html and "proposition à confirmer" in html
    _confirmed(demo_folder)
    result = vae("export", demo_folder, "--what", "review", "--format", "html")
    assert result.returncode == 0 and "France VAE" not in result.stderr
    refused = vae("export", demo_folder, "--what", "faisabilite")
    assert refused.returncode == 0, refused.stderr


def test_the_cli_refuses_the_dff_in_french(demo_folder: Path, vae) -> None:
    result = vae("export", demo_folder, "--what", "faisabilite")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Dossier de faisabilité non exporté" in result.stderr


def test_a_v2_dossier_opens_and_is_written_as_v3(tmp_path: Path) -> None:
    folder = tmp_path / "v2"
    folder.mkdir()
    shutil.copy(V2, folder / "dossier.yaml")
    v2_bytes = (folder / "dossier.yaml").read_bytes()
    loaded = load_dossier(folder)
    assert loaded.upgraded_from == 2 and loaded.model.schema_version == SCHEMA_VERSION == 3
    assert loaded.model.faisabilite.eligibilite is None
    session = DossierSession(folder)
    session.dossier.faisabilite.objectifs = "Obtenir le diplôme."
    session.save()
    saved = yaml.safe_load((folder / "dossier.yaml").read_text(encoding="utf-8"))
    assert saved["schema_version"] == 3 and saved["faisabilite"]["objectifs"] == "Obtenir le diplôme."
    assert [v.path.read_bytes() for v in versions(folder / "dossier.yaml")] == [v2_bytes]


def test_a_v1_review_opens_and_is_written_as_v2(demo_folder: Path, ref) -> None:
    path = demo_folder / "revue.yaml"
    path.write_text(f"schema_version: 1\ncertification: {ref.code}\nconseiller: Paul\n", encoding="utf-8")
    loaded = load_review(demo_folder)
    assert loaded is not None and loaded.upgraded_from == 1 and loaded.model.schema_version == 2
    session = ReviewSession(demo_folder)
    session.review.bloc(ref.blocs[0].id).commentaire = "Bien."
    session.save()
    assert path.read_text(encoding="utf-8").startswith("schema_version: 2\n")


def test_an_unknown_bloc_in_the_review_is_reported(demo_folder: Path) -> None:
    from vae_toolkit.errors import InvalidFileError

    path = demo_folder / "revue.yaml"
    path.write_text("schema_version: 2\ncertification: RNCP39644\nblocs:\n  BCXX:\n    commentaire: a\n",
                    encoding="utf-8")
    with pytest.raises(InvalidFileError, match="bloc inconnu"):
        load_review(demo_folder)


def test_submission_limits_are_warnings(demo_folder: Path) -> None:
    from vae_toolkit.analysis.france_vae import submission_warnings
    from vae_toolkit.models.faisabilite import Depot

    session = DossierSession(demo_folder)
    dossier = session.dossier
    assert submission_warnings(dossier, TODAY) == []
    dossier.faisabilite.depots = [Depot(certification=dossier.certification, date=dt.date(2025, 3, 1))]
    assert submission_warnings(dossier, TODAY) == [], "last year's DFF does not count"
    dossier.faisabilite.depots = [Depot(certification=dossier.certification, date=dt.date(2026, 3, 1)),
                                  *(Depot(certification=c, date=dt.date(2026, 5, 1)) for c in ("RNCP1", "RNCP2", "RNCP3"))]
    warnings = submission_warnings(dossier, TODAY)
    assert len(warnings) == 2 and "01/03/2026" in warnings[0] and "RNCP1, RNCP2, RNCP3" in warnings[1]
    session.save()
    _confirmed(demo_folder)
    html = export(demo_folder, "faisabilite", "html", today=TODAY).read_text(encoding="utf-8")
    assert "Limites de dépôt de France VAE" in html and "une par certification" not in html
    assert "qu’un par certification et par année civile" in html


def test_typologies_and_duration_bands(tmp_path: Path, demo_folder: Path) -> None:
    from vae_toolkit.models.dossier import Typologie

    assert len(Typologie) == 18
    folder = tmp_path / "v2-independant"
    folder.mkdir()
    (folder / "dossier.yaml").write_text(V2.read_text(encoding="utf-8").replace(
        "typologie: salarie_public", "typologie: independant"), encoding="utf-8")
    assert load_dossier(folder).model.profil.typologie == Typologie.travailleur_non_salarie
    _confirmed(demo_folder)
    html = export(demo_folder, "faisabilite", "html", today=TODAY).read_text(encoding="utf-8")
    assert "Salarié(e) du public" in html and "plus de 5 ans" in html
