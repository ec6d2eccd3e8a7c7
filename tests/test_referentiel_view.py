"""The counsellor's review of an imported référentiel: the widget-free model, then the view driven like a user."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vae_toolkit.errors import VaeError
from vae_toolkit.journey.referentiel_review import ReferentielReview
from vae_toolkit.referentiels.build import build_referentiel
from vae_toolkit.referentiels.rncp_export import read_fiche
from vae_toolkit.storage.referentiel_file import read_referentiel_file, write_referentiel_file
from vae_toolkit.ui.referentiel_view import ReferentielView, referentiel_screen

XML = Path(__file__).parent / "data" / "rncp" / "export_fiches_RNCP_V4_1_2026-11-28.xml"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    folder = tmp_path / "referentiels"
    folder.mkdir(mode=0o700)
    return write_referentiel_file(folder / "RNCP90002.yaml", build_referentiel(read_fiche(XML, "RNCP90002")).data)


def test_split_merge_reword_indicators_questions_dispenses_then_validate(imported: Path) -> None:
    review = ReferentielReview(imported)
    assert review.a_relire
    review.reword("BC01.C3", "Tenir à jour le registre des présences")
    assert review.split("BC02.C1", ["Répartir le travail", "Suivre la charge de chacun"]) == ["BC02.C1", "BC02.C4"]
    assert review.merge(["BC03.C1", "BC03.C2"], "Rendre compte de l’activité aux financeurs") == "BC03.C1"
    ind = review.add_indicator("BC01.C1", "Savoir construire un planning partagé")
    review.add_indicator("BC01.C1", "Savoir tenir compte des absences")
    review.remove_indicator("BC01.C1.I2")
    review.add_question("BC01.C1", "Racontez une semaine que vous avez dû réorganiser.")
    review.set_dispense("cafeRUIS", "Certificat d’aptitude aux fonctions d’encadrement", ["BC02"])
    path = review.save(validated=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(list((path.parent / "historique").iterdir())) == 1
    ref = read_referentiel_file(path)
    assert not ref.a_relire and ind == "BC01.C1.I1"
    assert [i.texte for i in ref.competence("BC01.C1").indicateurs] == ["Savoir construire un planning partagé"]
    assert ref.competence("BC01.C1").questions == ["Racontez une semaine que vous avez dû réorganiser."]
    assert ref.competence("BC01.C3").intitule == "Tenir à jour le registre des présences"
    assert [c.id for c in ref.bloc("BC02").competences] == ["BC02.C1", "BC02.C4", "BC02.C2", "BC02.C3"]
    assert [c.intitule for c in ref.bloc("BC03").competences] == ["Rendre compte de l’activité aux financeurs"]
    assert ref.dispensed_blocs(["CAFERUIS"]) == {"BC02": "CAFERUIS"}
    assert ref.competence("BC02.C2").evaluee_en_entier  # still rated whole: no indicateur was invented


def test_refusals_leave_the_data_unchanged(imported: Path) -> None:
    review = ReferentielReview(imported)
    before = review.data
    with pytest.raises(VaeError, match="même bloc"):
        review.merge(["BC01.C1", "BC02.C1"])
    with pytest.raises(VaeError, match="au moins deux"):
        review.split("BC01.C1", ["Une seule"])
    with pytest.raises(VaeError, match="vide"):
        review.reword("BC01.C1", "   ")
    assert review.data == before and not review.changed


def test_a_file_changed_elsewhere_is_never_overwritten(imported: Path) -> None:
    review = ReferentielReview(imported)
    review.reword("BC01.C1", "Planifier la semaine")
    imported.write_bytes(imported.read_bytes() + b"# changed by hand\n")
    with pytest.raises(VaeError, match="modifié ailleurs"):
        review.save()
    assert imported.read_bytes().endswith(b"# changed by hand\n")


def test_the_view_drives_the_model_and_shows_errors_in_the_page(imported: Path) -> None:
    view = ReferentielView(imported)
    assert "À relire" in view.head.value
    view.bloc.value = "BC02"
    view.competence.value = "BC02.C2"
    view.indicator.value = "Savoir préparer un entretien"
    view.add_indicator.click()
    assert "BC02.C2.I1" in view.details.value and view.indicator.value == ""
    view.parts.value = "Conduire un entretien annuel\nFixer des objectifs"
    view.split.click()
    assert [v for _l, v in view.competence.options] == ["BC02.C1", "BC02.C2", "BC02.C4", "BC02.C3"]
    view.merge.click()  # nothing chosen to merge with: a French error in the page
    assert "au moins deux" in view.feedback.label.value
    view.validate.click()
    assert "comme validé" in view.feedback.label.value and "Validé" in view.head.value
    assert read_referentiel_file(imported).competence("BC02.C4").intitule == "Fixer des objectifs"


def test_the_screen_lists_the_user_folder_and_explains_a_bad_path(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    screen = referentiel_screen(None)
    assert "aucun pour l’instant" in screen.children[-1].value
    screen = referentiel_screen(tmp_path / "absent.yaml")
    assert "introuvable" in screen.children[1].value


def test_once_validated_no_id_can_disappear(imported: Path) -> None:
    review = ReferentielReview(imported)
    review.add_indicator("BC01.C1", "Savoir construire un planning partagé")
    review.save(validated=True)
    review = ReferentielReview(imported)
    for action in (lambda: review.merge(["BC01.C2", "BC01.C3"]), lambda: review.remove_indicator("BC01.C1.I1"),
                   lambda: review.add_indicator("BC01.C2", "Savoir accueillir")):
        with pytest.raises(VaeError, match="est validé"):
            action()
    assert review.add_indicator("BC01.C1", "Savoir prévoir les absences") == "BC01.C1.I2"
    review.reword("BC01.C2", "Accueillir les personnes accompagnées et leurs proches")
    assert review.split("BC02.C1", ["Répartir le travail", "Suivre la charge"]) == ["BC02.C1", "BC02.C4"]
