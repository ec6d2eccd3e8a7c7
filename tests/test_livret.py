"""The dossier de validation a jury can read (issue 12), on the demo and on a fictional candidate of our own.

tests/data/livret/ holds a CAFERUIS holder aiming at BC01 and BC02: overlapping part-time jobs, an ongoing
job, a period as proche aidante, volunteering, a mandate, five situations of uneven quality (one told with
« nous », one short) and a review that overrides BC01.C3 to « Non ».
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from export_helpers import pdf_text
from pdf_layout import runs, stranded_headings

from vae_toolkit.export import render
from vae_toolkit.export.api import build_context, export
from vae_toolkit.export.typography import typographic
from vae_toolkit.models.referentiel import Referentiel
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.dossier import load_dossier

TODAY = dt.date(2026, 11, 29)
CANDIDATE = Path(__file__).parent / "data" / "livret"
SELF_RATINGS = ("Pas encore", "Acquis", "Maîtrisé", "Non évalué", "Auto-évaluation", "Illustré")
"""The self-rating vocabulary (case-sensitive: « VALIDATION DES ACQUIS » is the cover's title)."""


@pytest.fixture(scope="module")
def candidate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("candidate") / "aurelie"
    shutil.copytree(CANDIDATE, folder)
    return folder


@pytest.fixture(scope="module")
def pdfs(candidate: Path, demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("livrets")
    return {f"{who}-{form}": export(folder, "livret", "pdf", out / f"{who}-{form}.pdf", today=TODAY,
                                    final=form == "final")
            for who, folder in (("candidate", candidate), ("demo", demo_template)) for form in ("draft", "final")}


def _flat(text: str) -> str:
    """Text as compared: typographic apostrophes (as exported), blanks collapsed."""
    return re.sub(r"\s+", " ", typographic(text).replace("\u00ad", "")).replace("\u200b", "")


def _body(text: str, *headings: str) -> int:
    """Where a compétence's chapter starts: its heading's second occurrence (the first is in the contents)."""
    for heading in headings:
        first = text.find(heading)
        if first >= 0:
            return text.index(heading, first + 1)
    raise AssertionError(headings)


# -- 1. two forms, no self-rating ------------------------------------------------------------------

@pytest.mark.parametrize("who", ["candidate", "demo"])
def test_final_has_no_box_counter_tool_word_nor_internal_id(pdfs: dict[str, Path], who: str) -> None:
    text = _flat(pdf_text(pdfs[f"{who}-final"]))
    for forbidden in ("compléter", "mots ·", "signes ·", "version de travail", "vae-toolkit", "sit-", "exp-",
                      "racontée ici", "présentée ailleurs"):
        assert forbidden not in text.lower(), forbidden
    for rating in SELF_RATINGS:
        assert rating not in text, rating
    assert not re.search(r"\bBC0\d\.C\d", text), "stable compétence IDs are internal: the final shows C1.1"
    assert "C1.2 – Construire un dispositif d’observation et de veille sociale" in text


@pytest.mark.parametrize("who", ["candidate", "demo"])
def test_draft_has_boxes_and_counters_but_no_self_rating(pdfs: dict[str, Path], who: str) -> None:
    text = _flat(pdf_text(pdfs[f"{who}-draft"]))
    assert "À compléter" in text and "version de travail" in text and re.search(r"\d\smots · ", text)
    for rating in SELF_RATINGS:
        assert rating not in text, rating


# -- 2. each situation told once, under its main compétence ----------------------------------------

def test_each_situation_is_told_once_under_its_main_competence(pdfs: dict[str, Path], candidate: Path) -> None:
    dossier = load_dossier(candidate).model
    for form in ("draft", "final"):
        text = _flat(pdf_text(pdfs[f"candidate-{form}"]))
        for sit in dossier.situations:
            assert text.count(_flat(sit.contexte)[:60]) == 1, (form, sit.id)
        # 4 indicators of C1.2 and 1 of C1.1: told under C1.2, referred to from C1.1 by title and page
        c11, c12 = _body(text, "C1.1) – Réaliser", "C1.1 – Réaliser"), _body(text, "C1.2) – Construire", "C1.2 – Construire")
        told = text.index(_flat(dossier.situations[0].contexte)[:60])
        assert c12 < told
        between = text[c11:c12]
        assert re.search(r"Diagnostic des besoins d’un territoire rural, racontée sous (BC01.C2 \()?C1.2\)?, page \d+",
                         between)
        # the candidate chose C2.2 for a situation that shows more of C2.1
        c21, c22 = _body(text, "C2.1) – Conduire", "C2.1 – Conduire"), _body(text, "C2.2) – Développer", "C2.2 – Développer")
        scenarios = text.index(_flat(dossier.situations[2].contexte)[:60], c21)
        assert scenarios > c22 and re.search(r"Scénarios pour les centres sociaux en 2030, racontée sous (BC02.C2 \()?C2.2",
                                             text[c21:c22])


def test_counters_count_what_a_section_shows(candidate: Path, ref: Referentiel) -> None:
    context = build_context(candidate, "livret", today=TODAY)
    comps = {c["id"]: c for b in context["blocs"] for c in b["competences"]}
    assert (comps["BC01.C1"]["racontees"], comps["BC01.C1"]["citees"], comps["BC01.C1"]["mots"]) == (0, 1, 0)
    assert comps["BC01.C2"]["racontees"] == 1 and comps["BC01.C2"]["mots"] > 150
    bloc = context["blocs"][0]
    assert bloc["mots"] == sum(c["mots"] for c in bloc["competences"]) and bloc["situations"] == 2


# -- 3. format v2 (see also test_upgrade_v1) --------------------------------------------------------

def test_a_situation_names_several_experiences(pdfs: dict[str, Path]) -> None:
    text = _flat(pdf_text(pdfs["candidate-final"]))
    assert ("Cheffe de service, Association Trait d’union ; Conseillère municipale déléguée aux solidarités"
            in text)


# -- 4. weak situations ----------------------------------------------------------------------------

def test_weak_situations_are_boxed_in_the_draft_and_listed_by_vae_check(pdfs: dict[str, Path], candidate: Path,
                                                                       vae) -> None:
    draft = _flat(pdf_text(pdfs["candidate-draft"]))
    draft = draft.replace("\u00a0", " ")
    assert "Récit trop au « nous » ou au « on »" in draft and "Analyse réflexive trop brève (1 mot," in draft
    done = vae("check", candidate)
    assert done.returncode == 0, done.stderr
    out = done.stdout.replace("\u00a0", " ")
    assert "dossier valide" in out and "point(s) d’attention" in out
    assert "la situation « Enquête auprès des familles » est à compléter : récit trop au « nous »" in out


# -- 5. durations ----------------------------------------------------------------------------------

def test_status_json_carries_merged_full_time_equivalent(candidate: Path, vae) -> None:
    data = json.loads(vae("status", candidate, "--json", check=True).stdout)
    total, kinds = data["durees"]["total"], {t["type"]: t for t in data["durees"]["par_type"]}
    assert total["jours_etp"] <= total["jours_calendaires"]
    assert set(kinds) == {"salarie", "benevole", "aidant", "mandat_electif"}
    assert kinds["aidant"]["libelle"] == "Proche aidante" and kinds["salarie"]["libelle"] == "Salariée"
    cheffe = next(e for e in data["durees"]["experiences"] if e["id"] == "exp-cheffe")
    assert [p["quotite"] for p in cheffe["periodes"]] == [0.5, 1.0]
    assert cheffe["jours_etp"] == pytest.approx(365 * 0.5 + 366 * 0.5 + 365 + 365, abs=1)  # 2016 is a leap year
    text = vae("status", candidate, check=True).stdout
    assert "Durée du parcours" in text and "équivalent temps plein" in text and "quotité 50\u00a0%, 100\u00a0%" in text


def test_proche_aidant_periods_have_their_own_heading(pdfs: dict[str, Path], candidate: Path) -> None:
    parcours = build_context(candidate, "livret", today=TODAY)["parcours"]
    assert [e["id"] for e in parcours["aidant"]] == ["exp-aidante"]
    assert "exp-aidante" not in [e["id"] for e in parcours["experiences"] + parcours["benevolat"]]
    for form in ("draft", "final"):
        text = _flat(pdf_text(pdfs[f"candidate-{form}"]))
        work, volunteer, caring = (text.rindex(h) for h in ("Expériences professionnelles", "Engagements bénévoles",
                                                             "Aide à un proche"))
        told = text.index("Aide à ma mère", caring)
        assert work < volunteer < caring < told < text.index("Formations", caring)
        assert "Aide à ma mère" not in text[work:caring]
    # no heading at all for a candidate who never cared for a relative
    demo = _flat(pdf_text(pdfs["demo-final"]))
    assert "Expériences professionnelles" in demo and "Aide à un proche" not in demo


def test_overlapping_half_times_make_one_full_time(tmp_path: Path) -> None:
    from vae_toolkit.analysis.durations import durations_as_dict
    from vae_toolkit.models.dossier import Dossier, Experience

    jobs = [Experience(id=f"e{k}", intitule_poste="Poste", debut=dt.date(2020, 1, 1), fin=dt.date(2020, 12, 31),
                       quotite=0.5) for k in (1, 2)]
    total = durations_as_dict(Dossier(certification="RNCP39644", experiences=jobs), TODAY)["total"]
    assert total["jours_calendaires"] == 366 and total["jours_etp"] == 366


# -- 6. France VAE text from the final answer ------------------------------------------------------

def test_france_vae_comment_follows_the_override(candidate: Path) -> None:
    from vae_toolkit.analysis.review_report import review_report
    from vae_toolkit.storage.review import load_with_review

    bloc = review_report(*load_with_review(candidate), today=TODAY)["blocs"][0]
    c3 = next(c for c in bloc["competences"] if c["id"] == "BC01.C3")
    assert c3["grille"] == "Non" and c3["grille_modifiee"]
    assert "« Conduire des études ou des recherches » : Non" in bloc["commentaire"].replace("\u00a0", " ")
    assert c3["grille_proposee"] == "Partiellement"


# -- 7. one « Avancement » -------------------------------------------------------------------------

def test_one_avancement_everywhere(candidate: Path, ref: Referentiel, vae) -> None:
    from vae_toolkit.analysis.avancement import avancement
    from vae_toolkit.dashboard.table import summary_columns
    from vae_toolkit.journey.bloc import BlocModel
    from vae_toolkit.journey.workspace import Workspace

    dossier = load_dossier(candidate).model
    done = avancement(dossier, ref, TODAY)
    status = json.loads(vae("status", candidate, "--json", check=True).stdout)
    assert status["blocs"][0]["avancement"]["pourcentage"] == done["BC01"].pourcentage == 50
    assert summary_columns(dossier, ref, TODAY)["avancement.BC01"] == 50
    model = BlocModel(Workspace(candidate, delay=0), "BC01", today=TODAY)
    assert model.avancement()["BC01"] == done["BC01"]


# -- 8. recency ------------------------------------------------------------------------------------

def test_old_practice_is_flagged_with_a_setting(candidate: Path, tmp_path: Path, vae) -> None:
    out = vae("check", candidate, check=True).stdout.replace("\u00a0", " ")
    assert "compétence BC02.C3 (C2.3) : dernière pratique en 2011" in out
    gaps = json.loads(vae("gaps", candidate, "--json", check=True).stdout)
    c23 = gaps["competences"]["BC02.C3"]
    assert c23["derniere_pratique"] == "2011-08-31" and c23["pratique_ancienne"]
    relaxed = tmp_path / "relaxed"
    shutil.copytree(candidate, relaxed)
    yaml_file = relaxed / "dossier.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + "reglages:\n  recence_annees: 20\n", encoding="utf-8")
    assert "dernière pratique" not in vae("check", relaxed, check=True).stdout


# -- 9. numbering aliases ------------------------------------------------------------------------

def test_aliases_follow_the_fiche_numbering_and_are_accepted_by_commands(ref: Referentiel, candidate: Path,
                                                                         vae) -> None:
    for n, bloc in enumerate(ref.blocs, 1):
        assert bloc.ancien_code == f"DC{n}"
        for m, comp in enumerate(bloc.competences, 1):
            assert comp.alias == f"C{n}.{m}"
            assert [i.alias for i in comp.indicateurs] == [f"{n}.{m}.{k}" for k in range(1, len(comp.indicateurs) + 1)]
    assert len({i.alias for i in ref.indicateurs}) == 28
    assert (ref.resolve("1.1.1"), ref.resolve("C1.2"), ref.resolve("dc3")) == ("BC01.C1.I1", "BC01.C2", "BC03")
    assert "BC02.C1 (C2.1)" in vae("status", candidate, "--bloc", "DC2", check=True).stdout
    gaps = json.loads(vae("gaps", candidate, "--json", "--bloc", "DC1", check=True).stdout)
    assert {c["bloc"] for c in gaps["competences"].values()} == {"BC01"}
    refused = vae("gaps", candidate, "--bloc", "DC9")
    assert refused.returncode != 0 and "Bloc inconnu" in refused.stderr and "Traceback" not in refused.stderr


def test_aliases_are_shown_in_the_bloc_screen_the_review_screen_and_vae_gaps(ref: Referentiel, demo_folder: Path,
                                                                            vae) -> None:
    from vae_toolkit.ui.bloc_view import bloc_screen
    from vae_toolkit.ui.review_view import ReviewView

    bloc = ref.blocs[0]
    first, ind = bloc.competences[0], bloc.competences[0].indicateurs[0]
    view = bloc_screen(demo_folder, bloc=bloc.id, delay=0, today=TODAY, environ={}).children[0].body.children[0]
    assert view.competence.options[0] == (f"{first.id} ({first.alias}) – {first.intitule}", first.id)
    assert f"{first.id} ({first.alias})" in view.panel.children[0].children[0].value
    assert f"{ind.id} ({ind.alias})" in view.panel.children[0].children[0].value
    assert f"{first.id} ({first.alias})" in view.competence_bars[first.id].label.value
    review = ReviewView(demo_folder)
    assert review.work.competences()[0] == (f"{first.id} ({first.alias}) – {first.intitule}", first.id)
    review.competence.value = first.id
    assert f"{first.id} ({first.alias})" in review.work_panel.value
    assert f"{ind.id} ({ind.alias})" in review.work_panel.value
    text = vae("gaps", demo_folder, check=True).stdout
    assert f"{bloc.id} ({bloc.ancien_code}) " in text and f"  {first.id} ({first.alias}) {first.intitule}" in text
    assert re.search(rf"^    {re.escape(ind.id)} \({re.escape(ind.alias)}\) +(Couvert|À étayer|Lacune) ", text, re.M)
    rows = [line for line in text.splitlines() if re.match(r"^    \S+ \(", line)]
    assert len(rows) == len(ref.indicateurs) and max(map(len, rows)) <= 100  # the indicator table still fits


# -- 10. typography and layout ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["candidate-draft", "candidate-final", "demo-draft", "demo-final"])
def test_no_heading_alone_at_the_bottom_of_a_page(pdfs: dict[str, Path], name: str) -> None:
    assert stranded_headings(pdfs[name]) == []


def test_the_stranded_heading_check_can_fail(tmp_path: Path) -> None:
    source = ("#set page(height: 12cm, margin: (bottom: 2.3cm, rest: 2cm))\n#lorem(40)\n#v(1fr)\n= Un titre isolé\n"
              "#pagebreak()\n#lorem(60)\n")
    pdf = tmp_path / "isole.pdf"
    pdf.write_bytes(render.compile_pdf(source))
    assert any("Un titre isolé" in h for h in stranded_headings(pdf))


def test_typography_long_word_quotes_and_agreement(candidate: Path, tmp_path: Path) -> None:
    folder = tmp_path / "typo"
    shutil.copytree(candidate, folder)
    word = "x" * 500
    raw = (folder / "dossier.yaml").read_text(encoding="utf-8").replace("accord: feminin", "accord: masculin")
    raw = raw.replace("Un tiers-lieu manquait au quartier.", f"Un tiers-lieu manquait, {word} fin.")
    (folder / "dossier.yaml").write_text(raw, encoding="utf-8")
    pdf = export(folder, "livret", "pdf", tmp_path / "typo.pdf", today=TODAY)
    text = _flat(pdf_text(pdf))
    assert "« officiellement »" in text and "d’union" in text and "Trait d'union" not in text
    assert "Salarié" in text and "Proche aidant" in text and "Proche aidante" not in text and "Candidat" in text
    assert not re.search(r"\b[01]\u00a0?mots\b", text) and "0 mot " in text.replace("\u00a0", " ")
    width = 595.3
    lines = {round(r.y) for page in runs(pdf) for r in page if "xxxxxxxxxx" in r.text}
    assert len(lines) >= 4, "the 500-letter word wraps over several lines"
    assert all(r.x < width - 40 for page in runs(pdf) for r in page if "xxxxxxxxxx" in r.text)


def test_epicene_labels_when_no_agreement_is_chosen(candidate: Path, ref: Referentiel) -> None:
    from vae_toolkit.export.livret_data import livret_context

    dossier = load_dossier(candidate).model
    dossier.profil.accord = None
    context = livret_context(dossier, ref, TODAY)
    kinds = [t["libelle"] for t in context["parcours"]["durees"]["par_type"]]
    assert kinds == ["Emploi salarié", "Bénévolat", "Aide à un proche", "Mandat électif"]
    assert context["identite"]["libelle"] == "Candidat·e"


# -- 11. accessible PDF ----------------------------------------------------------------------------

def _structure_types(node: object, depth: int = 0) -> list[str]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict) or depth > 60:
        return []
    out = [str(node["/S"])] if "/S" in node else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        out += _structure_types(kid, depth + 1)
    return out


def test_final_livret_declares_pdf_ua_1_with_language_and_structure(pdfs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    for name in ("candidate-final", "demo-final"):
        root = PdfReader(pdfs[name]).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfuaid:part(>|=\")1", xmp), "PDF/UA-1 declared"
        assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")A", xmp)
        assert str(root["/Lang"]).startswith("fr") and root["/MarkInfo"]["/Marked"]
        types = _structure_types(root["/StructTreeRoot"])
        assert "/Document" in types and "/H1" in types and "/Table" in types and "/P" in types, set(types)


def test_gap_report_charts_have_alternative_text(candidate: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = export(candidate, "gaps", "pdf", tmp_path / "gaps.pdf", today=TODAY)
    root = PdfReader(pdf).trailer["/Root"]

    def figures(node: object, depth: int = 0) -> list[str]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict) or depth > 60:
            return []
        out = [str(node.get("/Alt", ""))] if node.get("/S") == "/Figure" else []
        kids = node.get("/K")
        return out + [a for kid in (kids if isinstance(kids, list) else [kids]) for a in figures(kid, depth + 1)]

    alts = figures(root["/StructTreeRoot"])
    assert len(alts) == 3 and all(alts), alts


# -- 12. the plan as data --------------------------------------------------------------------------

def test_the_plan_comes_from_the_trame_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vae_toolkit.export.livret_data import livret_context
    from vae_toolkit.models.dossier import Dossier
    from vae_toolkit.referentiels import _load, _load_trame

    data = tmp_path / "referentiels"
    data.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "referentiels" / "RNCP00001.yaml", data)
    (data / "RNCP00001.trame.yaml").write_text(
        "format: 1\nsections:\n  - type: motivation\n    titre: Pourquoi moi\n  - type: blocs\n"
        "  - type: parcours\n    titre: Mon chemin\n", encoding="utf-8")
    monkeypatch.setenv("VAE_REFERENTIELS", str(data))
    _load.cache_clear()
    _load_trame.cache_clear()
    ref = load_referentiel("RNCP00001")
    context = livret_context(Dossier(certification="RNCP00001"), ref, TODAY)
    assert [s["titre"] for s in context["plan"]] == ["Pourquoi moi", *(f"{b.code} – {b.intitule}" for b in ref.blocs),
                                                     "Mon chemin"]
    html = render.render("livret", "html", context).decode("utf-8")
    sections = re.findall(r'<section id="([^"]+)">', html)
    assert sections == ["motivation", *(f"bloc-{b.id}" for b in ref.blocs), "parcours"]
    assert load_referentiel("RNCP00001").code not in {"RNCP00001.trame"}


def test_the_shipped_trame_is_the_deis_plan(ref: Referentiel) -> None:
    from vae_toolkit.referentiels import available_codes, load_trame

    kinds = [s.type.value for s in load_trame(ref.code).sections]
    assert kinds == ["identite", "parcours", "motivation", "environnement", "blocs", "conclusion", "pieces",
                     "referentiel"]
    assert not [c for c in available_codes() if "trame" in c]
