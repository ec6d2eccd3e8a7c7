"""The gap analysis on small dossiers whose expected results were computed by hand, and on the demo."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from vae_toolkit.analysis.coverage import is_gap
from vae_toolkit.analysis.evidence import MIN_ANALYSE_WORDS, MIN_WORDS
from vae_toolkit.analysis.gaps import analyse, competence_grid, gaps_as_json, indicator_status, restrict
from vae_toolkit.analysis.grid import COMMENT_LIMIT
from vae_toolkit.models.dossier import Diplome, Dossier, Experience, Piece, Profil, Situation
from vae_toolkit.models.referentiel import Referentiel

TODAY = dt.date(2026, 11, 28)

# A narrative that passes every rule: four parts, « je », 160+ words, a 45-word analysis.
CONTEXTE = "Le service accueillait cent familles et les délais d’attente dépassaient trois mois. " * 3
ACTIONS = ("J’ai réuni les partenaires, j’ai construit un tableau de suivi et je l’ai présenté au comité. "
           "J’ai ensuite animé quatre réunions de travail avec les équipes concernées. ") * 2
RESULTATS = "Les délais sont passés à six semaines et le comité a adopté l’outil pour deux ans. " * 2
ANALYSE = ("J’ai compris que la mesure ne vaut que si les équipes la partagent ; je referais la démarche "
           "en associant plus tôt les familles, et je retiens l’importance de rendre compte régulièrement "
           "aux élus et aux partenaires de ce que les chiffres disent et ne disent pas des situations vécues.")


def situation(ident: str, indicateurs: list[str], experience_id: str | None = "exp-a", **parts: str) -> Situation:
    texts = {"titre": f"Situation {ident}", "contexte": CONTEXTE, "actions": ACTIONS, "resultats": RESULTATS,
             "analyse": ANALYSE} | parts
    return Situation(id=ident, experience_ids=[experience_id] if experience_id else [], periode="2024", indicateurs=indicateurs, **texts)


def experience(ident: str = "exp-a", fonctions: list[str] | None = None, fin: dt.date | None = None,
               debut: dt.date = dt.date(2018, 1, 1), missions: list[str] | None = None) -> Experience:
    return Experience(id=ident, intitule_poste=f"Poste {ident}", debut=debut, fin=fin,
                      fonctions=fonctions or [], missions=missions or [])


def dossier(ref: Referentiel, **fields: object) -> Dossier:
    base: dict[str, object] = {"certification": ref.code, "experiences": [experience()]}
    return Dossier(**(base | fields))


@pytest.fixture(scope="module")
def comp(ref: Referentiel):
    """The first compétence with exactly two indicators (BC01.C1 in RNCP39644)."""
    return next(c for c in ref.competences if len(c.indicateurs) == 2)


def test_narrative_constants_hold_for_the_helper() -> None:
    s = situation("x", [])
    words = sum(len(getattr(s, p).split()) for p in ("contexte", "actions", "resultats", "analyse"))
    assert words >= MIN_WORDS and len(ANALYSE.split()) >= MIN_ANALYSE_WORDS


def test_empty_dossier_every_indicator_is_a_gap(ref: Referentiel) -> None:
    a = analyse(Dossier(certification=ref.code), ref, today=TODAY)
    assert list(a.indicateurs.index) == [i.id for i in ref.indicateurs]
    assert set(a.indicateurs["statut"]) == {"lacune"}
    assert a.indicateurs["statut"].map(is_gap).all()
    assert set(a.competences["grille"]) == {"non"} and set(a.competences["preparation"]) == {"insuffisant"}
    assert set(a.blocs["preparation"]) == {"insuffisant"}
    assert not a.fonctions["couverte"].any()
    assert set(a.auto_vs_preuves["ecart"]) == {"non_evalue"} and len(a.auto_vs_preuves) == len(ref.indicateurs)
    categories = [r.categorie for r in a.recommandations]
    assert categories.count("fonction") == len(ref.fonctions)
    assert categories.count("bloc") == len(ref.blocs)
    assert categories.count("lacune") == len(ref.indicateurs)
    assert [r.priorite for r in a.recommandations] == sorted(r.priorite for r in a.recommandations)


def test_one_complete_situation_and_one_piece(ref: Referentiel, comp) -> None:
    i1, i2 = (i.id for i in comp.indicateurs)
    d = dossier(ref, situations=[situation("s1", [i1])], auto_evaluation={i1: 3, i2: 3},
                pieces=[Piece(id="p1", titre="Compte rendu", indicateurs=[i2])])
    a = analyse(d, ref, today=TODAY)
    r1, r2 = a.indicateurs.loc[i1], a.indicateurs.loc[i2]
    assert (r1["statut"], r1["nb_situations_completes"], r1["nb_pieces"]) == ("couvert", 1, 0)
    assert r1["raison"] == "1 situation complète (« Situation s1 »), aucune pièce."
    assert (r2["statut"], r2["nb_situations"], r2["nb_pieces"]) == ("a_etayer", 0, 1)
    assert r2["raison"] == "Seulement 1 pièce (« Compte rendu »), aucune situation rédigée."
    c = a.competences.loc[comp.id]
    # 1 of 2 covered: exactly half is not « insuffisant »; I2 has no situation so the grid says Partiellement.
    assert (c["couverts"], c["part_couverte"], c["preparation"], c["grille"]) == (1, 0.5, "a_renforcer", "partiellement")
    assert c["points_faibles"] == (i2,)
    assert competence_grid(a, comp.id) == "Partiellement"
    assert indicator_status(a, i2).startswith("À étayer : Seulement 1 pièce")
    overrated = a.auto_vs_preuves.loc[i2]
    assert overrated["ecart"] == "auto_haute_preuve_mince"
    rec = next(r for r in a.recommandations if r.cible == i2)
    assert rec.priorite == 1 and "Les pièces ne suffisent pas" in rec.texte and "Vous vous notez « Acquis »" in rec.texte


def test_competence_ready_when_all_covered_and_rated(ref: Referentiel, comp) -> None:
    i1, i2 = (i.id for i in comp.indicateurs)
    d = dossier(ref, situations=[situation("s1", [i1, i2])], auto_evaluation={i1: 3, i2: 4})
    a = analyse(d, ref, today=TODAY)
    c = a.competences.loc[comp.id]
    assert (c["preparation"], c["grille"], c["points_faibles"]) == ("pret", "oui", ())
    bloc = ref.bloc(comp.id)
    expected = "pret" if len(bloc.competences) == 1 else "insuffisant"
    assert a.blocs.loc[bloc.id, "preparation"] == expected


@pytest.mark.parametrize(("parts", "expected"), [
    ({"resultats": ""}, "partie vide : « Résultats »"),
    ({"resultats": " ", "analyse": ""}, "parties vides : « Résultats », « Analyse réflexive »"),
    ({"actions": "Nous avons réuni les partenaires et nous avons construit un outil. On l’a présenté. " * 6},
     "récit trop au « nous » ou au « on »"),
    ({"contexte": "Un service.", "actions": "J’ai agi.", "resultats": "Cela a marché."}, "récit court"),
    ({"analyse": "J’ai appris beaucoup."}, "analyse réflexive trop brève (3\u00a0mots, 40 au moins)"),
    ({"actions": "Réunion des partenaires, construction d’un tableau. " * 12,
      "analyse": "Ce travail a montré que la mesure ne vaut que partagée. " * 5}, "récit sans « je »"),
])
def test_incomplete_situation_is_to_be_supported(ref: Referentiel, comp, parts: dict, expected: str) -> None:
    i1 = comp.indicateurs[0].id
    a = analyse(dossier(ref, situations=[situation("s1", [i1], **parts)]), ref, today=TODAY)
    row = a.indicateurs.loc[i1]
    assert row["statut"] == "a_etayer"
    assert expected in row["raison"]
    rec = next(r for r in a.recommandations if r.cible == i1)
    assert rec.categorie == "a_etayer" and "Complétez « Situation s1 »" in rec.texte


def test_old_experience_is_remarked_not_downgraded(ref: Referentiel, comp) -> None:
    i1 = comp.indicateurs[0].id
    old = experience(debut=dt.date(1995, 1, 1), fin=dt.date(2000, 6, 30))
    a = analyse(dossier(ref, experiences=[old], situations=[situation("s1", [i1])]), ref, today=TODAY)
    row = a.indicateurs.loc[i1]
    assert row["statut"] == "couvert"
    assert row["recence_annees"] == pytest.approx(26.4, abs=0.1)
    assert "toutes ces expériences sont anciennes" in row["raison"]


def test_dispensed_and_not_aimed_blocs_are_not_gaps(ref: Referentiel) -> None:
    dispense = ref.dispenses[0]
    d = dossier(ref, profil=Profil(diplomes=[Diplome(intitule="Certificat", code=dispense.diplome)]))
    a = analyse(d, ref, today=TODAY)
    for bloc_id in dispense.blocs:
        rows = a.indicateurs[a.indicateurs["bloc"] == bloc_id]
        assert set(rows["statut"]) == {"dispense"} and not rows["statut"].map(is_gap).any()
        assert set(rows["preuve"]) == {"lacune"}  # the evidence level is still known
        assert a.blocs.loc[bloc_id, "preparation_libelle"] == "Dispensé"
        assert a.blocs.loc[bloc_id, "commentaire"] == f"Bloc dispensé (titulaire du {dispense.diplome})."
        assert set(a.grille[a.grille["bloc"] == bloc_id]["grille_libelle"]) == {"Dispensé"}
        assert not [r for r in a.recommandations if r.bloc == bloc_id]
        assert bloc_id not in set(a.auto_vs_preuves["bloc"])
    first = ref.blocs[0].id
    d = dossier(ref, profil=Profil(objectif="blocs", blocs_vises=[first]))
    a = analyse(d, ref, today=TODAY)
    others = a.indicateurs[a.indicateurs["bloc"] != first]
    assert set(others["statut"]) == {"non_vise"}
    assert int(a.indicateurs["statut"].map(is_gap).sum()) == len(ref.bloc(first).indicateurs)
    assert all(r.bloc in (None, first) for r in a.recommandations)


def test_grid_non_and_partiellement(ref: Referentiel, comp) -> None:
    i1, i2 = (i.id for i in comp.indicateurs)
    a = analyse(dossier(ref, auto_evaluation={i1: 1}), ref, today=TODAY)
    assert a.competences.loc[comp.id, "grille"] == "non"
    a = analyse(dossier(ref, auto_evaluation={i1: 2}), ref, today=TODAY)
    assert a.competences.loc[comp.id, "grille"] == "partiellement"
    assert a.grille.loc[comp.id, "grille_raison"] == ("À compléter : I1 noté 2, I1 sans situation, I2 non évalué, "
                                                      "I2 sans situation.")


def test_rating_against_evidence(ref: Referentiel, comp) -> None:
    i1, i2 = (i.id for i in comp.indicateurs)
    d = dossier(ref, situations=[situation("s1", [i1])], auto_evaluation={i1: 2, i2: 4})
    a = analyse(d, ref, today=TODAY)
    gaps = a.auto_vs_preuves
    assert gaps.loc[i1, "ecart"] == "preuve_solide_auto_basse"
    assert gaps.loc[i2, "ecart"] == "auto_haute_preuve_mince"
    rec = next(r for r in a.recommandations if r.cible == i1)
    assert rec.categorie == "auto_evaluation" and "La situation « Situation s1 » montre" in rec.texte


def test_recommendations_use_the_candidates_own_data(ref: Referentiel) -> None:
    target = next(i for i in ref.indicateurs if "cahiers des charges" in i.texte)
    mission = "Rédaction des cahiers des charges pour les appels d’offres d’études"
    d = dossier(ref, experiences=[experience("exp-etudes", missions=[mission])], auto_evaluation={target.id: 1},
                notes="Penser à la consultation de 2023. Retrouver le cahier des charges de l’appel d’offres.")
    a = analyse(d, ref, today=TODAY)
    rec = next(r for r in a.recommandations if r.cible == target.id)
    assert rec.priorite == 1 and rec.categorie == "lacune"
    assert "Votre expérience de Poste exp-etudes (2018–aujourd’hui) pourrait l’illustrer" in rec.texte
    assert f"vos missions y mentionnent « {mission} »" in rec.texte
    assert "Vos notes en parlent : « Retrouver le cahier des charges de l’appel d’offres. »" in rec.texte
    assert "envisagez une formation" in rec.texte  # rated « Pas encore »


def test_partial_validation_is_suggested_when_a_bloc_is_ready(ref: Referentiel) -> None:
    ready, weak = ref.blocs[0], ref.blocs[1]
    ids = [i.id for i in ready.indicateurs]
    d = dossier(ref, situations=[situation("s1", ids)], auto_evaluation=dict.fromkeys(ids, 3))
    a = analyse(d, ref, today=TODAY)
    assert a.blocs.loc[ready.id, "preparation"] == "pret"
    rec = next(r for r in a.recommandations if r.cible == weak.id)
    assert f"Les blocs {ready.id}" in rec.texte and "validation partielle" in rec.texte


def test_missing_fonction(ref: Referentiel) -> None:
    first, *rest = ref.fonctions
    d = dossier(ref, experiences=[experience(fonctions=[f.id for f in rest])])
    a = analyse(d, ref, today=TODAY)
    assert list(a.fonctions.index[~a.fonctions["couverte"]]) == [first.id]
    rec = next(r for r in a.recommandations if r.categorie == "fonction")
    assert rec.cible == first.id and f"« {first.intitule} »" in rec.texte


def test_bloc_comment_holds_in_the_france_vae_limit(ref: Referentiel) -> None:
    ids = [i.id for i in ref.blocs[0].indicateurs]
    sits = [situation(f"s{k}", ids, titre="Une situation au titre très long " * 10) for k in range(60)]
    a = analyse(dossier(ref, situations=sits), ref, today=TODAY)
    comment = a.blocs.loc[ref.blocs[0].id, "commentaire"]
    assert len(comment) <= COMMENT_LIMIT and comment.endswith("…")
    assert comment.startswith(ref.blocs[0].code)


def test_json_is_keyed_by_stable_ids(ref: Referentiel, comp) -> None:
    d = dossier(ref, situations=[situation("s1", [comp.indicateurs[0].id])], auto_evaluation={})
    data = json.loads(json.dumps(gaps_as_json(analyse(d, ref, today=TODAY)), ensure_ascii=False))
    assert list(data["indicateurs"]) == [i.id for i in ref.indicateurs]
    assert list(data["competences"]) == [c.id for c in ref.competences]
    assert list(data["blocs"]) == [b.id for b in ref.blocs]
    first = data["indicateurs"][comp.indicateurs[0].id]
    assert first["situations"] == ["s1"] and first["auto_evaluation"] is None and first["statut"] == "couvert"
    assert data["date"] == "2026-11-28"
    assert {"cible", "texte", "priorite", "priorite_libelle", "categorie", "bloc"} <= set(data["recommandations"][0])


def test_restrict_to_one_bloc(ref: Referentiel) -> None:
    a = analyse(Dossier(certification=ref.code), ref, today=TODAY)
    bloc = ref.blocs[-1]
    only = restrict(a, bloc.id)
    assert set(only.indicateurs["bloc"]) == {bloc.id} and list(only.blocs.index) == [bloc.id]
    assert all(r.bloc in (bloc.id, None) for r in only.recommandations)
    assert restrict(a, None) is a


# --- the demo dossier: statuses match its documented deliberate gaps (docs/demo.md) ---------------------

DEMO_GAPS = {"BC01.C3.I3": "lacune", "BC02.C3.I1": "lacune", "BC02.C1.I1": "lacune", "BC02.C1.I2": "a_etayer"}
DEMO_GRID = {"BC01.C1": "oui", "BC01.C2": "oui", "BC01.C3": "partiellement", "BC02.C1": "partiellement",
             "BC02.C2": "partiellement", "BC02.C3": "partiellement", "BC03.C1": "oui", "BC03.C2": "oui",
             "BC03.C3": "oui", "BC03.C4": "partiellement"}


@pytest.fixture(scope="module")
def demo_analysis(ref: Referentiel):
    from vae_toolkit.demo import demo_dossier

    return analyse(demo_dossier(), ref, today=TODAY)


def test_demo_statuses_match_the_deliberate_gaps(demo_analysis, ref: Referentiel) -> None:
    statuses = demo_analysis.indicateurs["statut"].to_dict()
    assert len(statuses) == len(ref.indicateurs)
    assert {k: v for k, v in statuses.items() if v != "couvert"} == DEMO_GAPS
    assert demo_analysis.competences["grille"].to_dict() == DEMO_GRID
    unrated = demo_analysis.auto_vs_preuves.query("ecart == 'non_evalue'")
    assert set(unrated.index) == {"BC02.C2.I3", "BC02.C3.I3", "BC03.C4.I1"}
    overrated = demo_analysis.auto_vs_preuves.query("ecart == 'auto_haute_preuve_mince'")
    assert set(overrated.index) == {"BC02.C3.I1", "BC02.C1.I2"}


def test_demo_writing_weaknesses_are_recommended(demo_analysis) -> None:
    recs = {r.cible: r for r in demo_analysis.recommandations}
    assert "au « nous » ou au « on »" in recs["sit-evaluation-interne"].texte
    assert "« Résultats »" in recs["sit-projet-associatif"].texte
    assert "récit court" in recs["BC02.C1.I2"].texte and "analyse réflexive trop brève" in recs["BC02.C1.I2"].texte
    assert "cahiers des charges" in recs["BC01.C3.I3"].texte  # from the candidate's own notes
    assert "Cap 21" in recs["BC02.C3.I1"].texte


def test_every_text_follows_french_typography(demo_analysis) -> None:
    texts = [r.texte for r in demo_analysis.recommandations]
    texts += list(demo_analysis.indicateurs["raison"]) + list(demo_analysis.blocs["commentaire"])
    texts += list(demo_analysis.grille["grille_raison"]) + list(demo_analysis.auto_vs_preuves["explication"])
    for text in texts:
        assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text
        assert not re.search(r" [:;?!](\s|$)", text), text
        assert "'" not in text, text
