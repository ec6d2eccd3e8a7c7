"""Properties of the field-level merge (hypothesis): disjoint edits saved in either order give the same file,
overlapping edits never lose a text; for the dossier and for the review."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vae_toolkit.models.dossier import Dossier, Situation
from vae_toolkit.models.review import Review, Statut, add_comment
from vae_toolkit.storage.document import read_document
from vae_toolkit.storage.dossier import DOSSIER_SPEC, DossierSession, dossier_file, load_dossier
from vae_toolkit.storage.review import ReviewSession, load_review, review_file

WHEN = dt.datetime(2026, 3, 2, 14, 30)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.just("\n"), max_size=30)
Edit = tuple[tuple, Callable, Callable]  # (field key, apply to a document, check on the final document)


def _overlaps(a: tuple, b: tuple) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _dossier_edits(ids: DemoIds) -> st.SearchStrategy[Edit]:
    """One edit on a field of the demo dossier, with its key (disjoint keys: disjoint fields)."""
    sits, exps, pieces = ids.situations, ids.experiences, ids.pieces

    def profil(name: str, text: str) -> Edit:
        return (("profil", name), lambda d: setattr(d.profil, name, text), lambda d: getattr(d.profil, name) == text)

    def situation(ident: str, name: str, text: str) -> Edit:
        def get(d: Dossier) -> Situation:
            return next(s for s in d.situations if s.id == ident)
        return (("situations", ident, name), lambda d: setattr(get(d), name, text),
                lambda d: getattr(get(d), name) == text)

    def delete_situation(ident: str) -> Edit:
        return (("situations", ident), lambda d: d.situations.remove(next(s for s in d.situations if s.id == ident)),
                lambda d: all(s.id != ident for s in d.situations))

    def new_situation(n: int, text: str) -> Edit:
        ident = f"nouvelle-{n}"
        return (("situations", ident),
                lambda d: d.situations.append(Situation(id=ident, titre="Nouvelle", analyse=text)),
                lambda d: any(s.id == ident and s.analyse == text for s in d.situations))

    def rating(ident: str, value: int | None) -> Edit:
        def apply(d: Dossier) -> None:
            if value is None:
                d.auto_evaluation.pop(ident, None)
            else:
                d.auto_evaluation[ident] = value
        return (("auto_evaluation", ident), apply, lambda d: d.auto_evaluation.get(ident) == value)

    def experience(ident: str, text: str) -> Edit:
        def get(d: Dossier):  # noqa: ANN202
            return d.experience(ident)
        return (("experiences", ident, "structure", "nom"), lambda d: setattr(get(d).structure, "nom", text),
                lambda d: get(d).structure.nom == text)

    def piece(ident: str, text: str) -> Edit:
        def get(d: Dossier):  # noqa: ANN202
            return next(p for p in d.pieces if p.id == ident)
        return (("pieces", ident, "description"), lambda d: setattr(get(d), "description", text),
                lambda d: get(d).description == text)

    def top(name: str, text: str) -> Edit:
        return ((name,), lambda d: setattr(d, name, text), lambda d: getattr(d, name) == text)

    return st.one_of(
        st.builds(profil, st.sampled_from(["projet", "motivation", "ville", "nom"]), TEXT),
        st.builds(situation, st.sampled_from(sits), st.sampled_from(["contexte", "actions", "analyse"]), TEXT),
        st.builds(delete_situation, st.sampled_from(sits)),
        st.builds(new_situation, st.integers(1, 4), TEXT),
        st.builds(rating, st.sampled_from(ids.indicators), st.one_of(st.none(), st.integers(1, 4))),
        st.builds(experience, st.sampled_from(exps), TEXT),
        st.builds(piece, st.sampled_from(pieces), TEXT),
        st.builds(top, st.sampled_from(["conclusion", "notes"]), TEXT),
    )


def _split(edits: list[tuple[bool, Edit]]) -> tuple[list[Edit], list[Edit]]:
    """Two edit sets on disjoint fields (an edit overlapping one already drawn is dropped)."""
    sides: tuple[list[Edit], list[Edit]] = ([], [])
    for to_second, edit in edits:
        if not any(_overlaps(edit[0], e[0]) for e in sides[0] + sides[1]):
            sides[to_second].append(edit)
    return sides


def _race(folder: Path, original: bytes, make: Callable, first: list[Edit], second: list[Edit],
          order: tuple[int, int]) -> bytes:
    """Two sessions load the same file, apply their edits, and save in ``order``; returns the final file."""
    target = folder / make.file  # type: ignore[attr-defined]
    target.write_bytes(original)
    sessions = [make(folder), make(folder)]
    for session, edits in zip(sessions, (first, second), strict=True):
        for _key, apply, _check in edits:
            apply(session.model)
    for index in order:
        saved = sessions[index].save()
        assert saved.conflicts == []
    return target.read_bytes()


def _demo_copy(template: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="vae-merge-")) / "demo"
    shutil.copytree(template, folder)
    return folder


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _dossier_session(folder: Path) -> DossierSession:
    return DossierSession(folder)


_dossier_session.file = "dossier.yaml"  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DemoIds:
    """The ids an edit may name in the demo dossier (short to print when hypothesis reports an example)."""

    situations: list[str]
    experiences: list[str]
    pieces: list[str]
    indicators: list[str]
    competences: list[str]


@pytest.fixture(scope="module")
def demo_ids(demo_template: Path, ref) -> DemoIds:  # noqa: ANN001
    dossier = load_dossier(demo_template).model
    return DemoIds([s.id for s in dossier.situations], [e.id for e in dossier.experiences],
                   [p.id for p in dossier.pieces], sorted(ref.indicator_ids)[:6], [c.id for c in ref.competences][:3])


@PROPERTY
@given(data=st.data())
def test_disjoint_dossier_edits_give_the_same_file_in_either_order(data: st.DataObject, demo_template: Path,
                                                                   demo_ids: DemoIds) -> None:
    edits = data.draw(st.lists(st.tuples(st.booleans(), _dossier_edits(demo_ids)), max_size=6))
    first, second = _split(edits)
    folder = _demo_copy(demo_template)
    try:
        original = dossier_file(folder).read_bytes()
        one = _race(folder, original, _dossier_session, first, second, (0, 1))
        two = _race(folder, original, _dossier_session, first, second, (1, 0))
        assert one == two
        final = read_document(dossier_file(folder), DOSSIER_SPEC).model
        for _key, _apply, check in first + second:
            assert check(final)
    finally:
        shutil.rmtree(folder.parent)


@PROPERTY
@given(data=st.data())
def test_overlapping_dossier_edits_never_lose_a_text(data: st.DataObject, demo_template: Path,
                                                     demo_ids: DemoIds) -> None:
    sit = data.draw(st.sampled_from(demo_ids.situations))
    name = data.draw(st.sampled_from(["contexte", "analyse"]))
    texts = data.draw(st.lists(TEXT.filter(lambda t: t.strip() != ""), min_size=2, max_size=2, unique=True))
    delete_first = data.draw(st.booleans())
    folder = _demo_copy(demo_template)
    try:
        tabs = [DossierSession(folder), DossierSession(folder)]
        for tab, text in zip(tabs, texts, strict=True):
            setattr(next(s for s in tab.dossier.situations if s.id == sit), name, text)
        if delete_first:  # the first tab deletes the situation after all: the other tab's text must survive
            tabs[0].dossier.situations = [s for s in tabs[0].dossier.situations if s.id != sit]
        tabs[0].save()
        saved = tabs[1].save()
        on_disk = dossier_file(folder).read_text(encoding="utf-8")
        kept = saved.kept.read_text(encoding="utf-8") if saved.kept else ""
        reachable = [yaml.safe_load(on_disk), yaml.safe_load(kept) if kept else {}]
        for text in texts[int(delete_first):]:
            assert any(text in [s.get(name) for s in d.get("situations", [])] for d in reachable), text
        assert saved.conflicts, "both sides changed the same field: the user must be asked"
    finally:
        shutil.rmtree(folder.parent)


def _review_edits(comp_ids: list[str]) -> st.SearchStrategy[Edit]:
    def statut(comp: str, value: Statut | None) -> Edit:
        return (("competences", comp, "statut"), lambda r: setattr(r.competence(comp), "statut", value),
                lambda r: r.competence(comp).statut == value)

    def note(comp: str, value: int | None) -> Edit:
        return (("competences", comp, "note_conseiller"),
                lambda r: setattr(r.competence(comp), "note_conseiller", value),
                lambda r: r.competence(comp).note_conseiller == value)

    def comment(comp: str, text: str) -> Edit:
        texte = f"avis {text}"
        return (("competences", comp, "commentaires"), lambda r: add_comment(r.competence(comp), "Claire", texte, WHEN),
                lambda r: texte.strip() in [c.texte for c in r.competence(comp).commentaires])

    def situation(ident: str, value: Statut) -> Edit:
        return (("situations", ident, "statut"), lambda r: setattr(r.situation(ident), "statut", value),
                lambda r: r.situation(ident).statut == value)

    def avis(name: str, text: str) -> Edit:
        return (("avis", name), lambda r: setattr(r.avis, name, text), lambda r: getattr(r.avis, name) == text)

    statuses = st.one_of(st.none(), st.sampled_from(list(Statut)))
    return st.one_of(
        st.builds(statut, st.sampled_from(comp_ids), statuses),
        st.builds(note, st.sampled_from(comp_ids), st.one_of(st.none(), st.integers(1, 4))),
        st.builds(comment, st.sampled_from(comp_ids), TEXT),
        st.builds(situation, st.sampled_from(["sit-1", "sit-2"]), st.sampled_from(list(Statut))),
        st.builds(avis, st.sampled_from(["preconisations", "commentaire"]), TEXT),
    )


def _review_session(folder: Path) -> ReviewSession:
    return ReviewSession(folder)


_review_session.file = "revue.yaml"  # type: ignore[attr-defined]


@PROPERTY
@given(data=st.data())
def test_disjoint_review_edits_give_the_same_file_in_either_order(data: st.DataObject, demo_template: Path,
                                                                  demo_ids: DemoIds) -> None:
    comps = demo_ids.competences
    setup = data.draw(st.lists(_review_edits(comps), max_size=3))
    edits = data.draw(st.lists(st.tuples(st.booleans(), _review_edits(comps)), max_size=6))
    first, second = _split(edits)
    folder = _demo_copy(demo_template)
    try:
        start = ReviewSession(folder)
        for _key, apply, _check in setup:
            apply(start.review)
        start.save()
        original = review_file(folder).read_bytes()
        one = _race(folder, original, _review_session, first, second, (0, 1))
        two = _race(folder, original, _review_session, first, second, (1, 0))
        assert one == two
        final = load_review(folder).model  # type: ignore[union-attr]
        for _key, _apply, check in first + second:
            assert check(final)
    finally:
        shutil.rmtree(folder.parent)


@PROPERTY
@given(texts=st.lists(TEXT.filter(lambda t: t.strip() != ""), min_size=2, max_size=2, unique=True))
def test_overlapping_review_edits_never_lose_a_text(texts: list[str], new_folder: Path) -> None:
    review_file(new_folder).unlink(missing_ok=True)
    tabs = [ReviewSession(new_folder), ReviewSession(new_folder)]
    for tab, text in zip(tabs, texts, strict=True):
        tab.review.avis.preconisations = text
    tabs[0].save()
    saved = tabs[1].save()
    assert load_review(new_folder).model.avis.preconisations == texts[0]  # type: ignore[union-attr]
    assert saved.kept is not None and Review.model_validate(
        yaml.safe_load(saved.kept.read_text(encoding="utf-8"))).avis.preconisations == texts[1]
    assert [c.ours for c in tabs[1].conflicts] == [texts[1]]
    saved.kept.unlink()
