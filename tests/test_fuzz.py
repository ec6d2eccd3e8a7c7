"""Property-based tests: any bytes as dossier.yaml load or fail with the toolkit's own French error,
and a valid dossier survives save → load unchanged, whatever Unicode its texts hold."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from vae_toolkit.errors import InvalidFileError, VaeError
from vae_toolkit.models.dossier import (
    Diplome,
    Dossier,
    Experience,
    Formation,
    NaturePiece,
    Piece,
    Profil,
    Situation,
    Structure,
    TypeExperience,
    Typologie,
)
from vae_toolkit.referentiels import load_referentiel
from vae_toolkit.storage.document import parse_document, serialise
from vae_toolkit.storage.dossier import DOSSIER_SPEC, load_dossier, save_dossier

REF = load_referentiel("RNCP39644")
INDICATORS = sorted(REF.indicator_ids)
BLOCS = [b.id for b in REF.blocs]
FONCTIONS = [f.id for f in REF.fonctions]
FAKE = Path("/fuzz/dossier.yaml")

# CI runs a few hundred examples per property; VAE_FUZZ_EXAMPLES=20000 explores far more (docs/robustesse.md).
EXAMPLES = int(os.environ.get("VAE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=max(EXAMPLES // 2, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Refused by the model: NUL, lone surrogates, the two non-characters U+FFFE/U+FFFF (YAML cannot carry them).
FORBIDDEN = re.compile(r"[\x00\ud800-\udfff\ufffe\uffff]")
ENGLISH = re.compile(r"\b(Traceback|Error|Exception|[Ee]xpected|found|while|scanning|parsing|[Ii]nput|should|valid)\b")


def _valid_bytes() -> bytes:
    dossier = Dossier(
        certification=REF.code,
        profil=Profil(nom="Martin", prenom="Léa", diplomes=[Diplome(intitule="CAFERUIS", annee=2015)]),
        experiences=[Experience(id="e1", intitule_poste="Cheffe de service", debut=dt.date(2015, 9, 1),
                                missions=["Encadrer l’équipe"], fonctions=FONCTIONS[:1])],
        situations=[Situation(id="s1", titre="Diagnostic", experience_ids=["e1"], contexte="Je…\nsuite",
                              indicateurs=INDICATORS[:2])],
        auto_evaluation={INDICATORS[0]: 3},
        pieces=[Piece(id="p1", titre="Contrat", fichier="contrat.pdf")],
    )
    return serialise(dossier)


VALID = _valid_bytes()


def _parse(raw: bytes) -> None:
    """Load ``raw``; only success or a French :class:`VaeError` is acceptable."""
    try:
        parse_document(FAKE, raw, DOSSIER_SPEC)
    except VaeError as exc:
        message = str(exc)
        assert message.startswith(f"Le dossier {FAKE} est invalide"), message
        for line in message.splitlines()[1:]:
            assert line.startswith("  – "), message
            assert not ENGLISH.search(line.split(" : ", 1)[-1]), message


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_load_or_raise_french_error(raw: bytes) -> None:
    _parse(raw)


@FUZZ
@given(st.data())
def test_mutated_valid_file_loads_or_raises_french_error(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(st.one_of(
            st.binary(min_size=1, max_size=4),
            st.sampled_from([b":", b"-", b"\n", b"  ", b"\t", b"[", b"{", b"&a", b"*a", b"!!python/object", b"'", b'"',
                             b"|", b">", b"#", b"%YAML 1.1\n", b"---\n", b"...\n", b"\xef\xbb\xbf", b"\x00", b"\\"]),
        ))
        if op == "insert":
            raw[pos:pos] = chunk
        elif op == "delete":
            del raw[pos : pos + len(chunk)]
        else:
            raw[pos : pos + len(chunk)] = chunk
    _parse(bytes(raw))


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=20),
    st.dates(), st.datetimes(), st.sampled_from(INDICATORS + BLOCS + FONCTIONS + ["", "x" * 200]),
)
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), inner, max_size=4)),
    max_leaves=12)


@FUZZ
@given(st.data())
def test_wrong_types_anywhere_raise_french_error(data: st.DataObject) -> None:
    tree = yaml.safe_load(VALID.decode())
    paths = list(_paths(tree))
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        _set(tree, path, data.draw(_values))
    try:
        raw = yaml.safe_dump(tree, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, UnicodeEncodeError):
        assume(False)
    _parse(raw)


def _paths(node: object, base: tuple = ()) -> list[tuple]:
    out = [base] if base else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*base, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*base, i))
    return out


def _set(tree: dict, path: tuple, value: object) -> None:
    node: object = tree
    for part in path[:-1]:
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return
    try:
        node[path[-1]] = value  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return


@pytest.mark.parametrize("text", [
    "nesting: " + "[" * 5000 + "]" * 5000,
    "a: &a [x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "schema_version: 1\ncertification: RNCP39644\nnotes: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "schema_version: 1\ncertification: RNCP39644\nnotes: !!python/object/apply:os.system [echo]\n",
    "schema_version: 1\ncertification: RNCP39644\nauto_evaluation: {1: 3, [a]: 2}\n",
    "schema_version: 1\ncertification: RNCP39644\nexperiences: [{id: e1, intitule_poste: x, debut: 2020-13-45}]\n",
    "schema_version: 1\ncertification: RNCP39644\nnotes: \"\\0\"\n",
    "schema_version: 1\ncertification: RNCP39644\nnotes: \"\\ud800\"\n",
    "schema_version: 1\ncertification: RNCP39644\nnotes: \"a\x07b\"\n",
    "schema_version: 99\ncertification: RNCP39644\n",
    "schema_version: 1\ncertification: RNCP00000\n",
    "schema_version: 1\ncertification: RNCP39644\n---\nschema_version: 1\n",
    "schema_version: .nan\ncertification: RNCP39644\n",
    "schema_version: 1\ncertification: RNCP39644\nexperiences: [{id: e1, intitule_poste: x, debut: 2020-01-01, "
    "quotite: .nan}]\n",
])
def test_hostile_files_raise_french_error(text: str) -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_document(FAKE, text.encode("utf-8"), DOSSIER_SPEC)
    assert not ENGLISH.search(str(info.value).split("\n", 1)[1].replace("schema_version", "")), str(info.value)


# --- round trip -------------------------------------------------------------------------------------------------

_ALPHABET = st.characters(codec="utf-8", exclude_characters="\x00\ufffe\uffff")
_SPECIAL = st.sampled_from([
    "😀👩🏽‍⚕️🇫🇷", "مرحبا بالعالم", "שלום", "\u202eRTL override\u202c", "\u200f\u200e", "a\rb", "a\r\nb\r\n", "\x85\u2028\u2029",
    "\t indenté \t", "  \n  ", "\n", "- liste", "# pas un commentaire", "clé: valeur", "'\"", "---", "...", "~", "null",
    "yes", "no", "1.0", "0x10", "2026-01-01", "\x1b[31mrouge\x1b[0m", "\x7f\x80\x9f", "\ue000\U0010fffd", "« texte »",
    "#read(\"/etc/passwd\")", "<script>alert(1)</script>", "\\", "\ufeffBOM", "e\u0301", "ﬁ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
])
texts = st.one_of(st.text(_ALPHABET, max_size=60), _SPECIAL,
                  st.lists(st.one_of(_SPECIAL, st.text(_ALPHABET, max_size=10)), max_size=5).map("".join))
non_empty = texts.filter(lambda t: len(t) > 0)
idents = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,15}\Z")
dates = st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31))


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    exp_ids = draw(st.lists(idents, max_size=3, unique=True))
    experiences = []
    for ident in exp_ids:
        debut = draw(dates)
        fin = draw(st.one_of(st.none(), dates.filter(lambda d, b=debut: d >= b)))
        experiences.append(Experience(
            id=ident, intitule_poste=draw(non_empty), type=draw(st.sampled_from(TypeExperience)), debut=debut, fin=fin,
            quotite=draw(st.floats(min_value=0, max_value=1, exclude_min=True)),
            structure=Structure(nom=draw(texts), publics=draw(texts)),
            missions=draw(st.lists(texts, max_size=3)), fonctions=draw(st.lists(st.sampled_from(FONCTIONS), unique=True)),
        ))
    situations = [
        Situation(id=ident, titre=draw(non_empty),
                  experience_ids=draw(st.lists(st.sampled_from(exp_ids), max_size=2, unique=True)) if exp_ids else [],
                  contexte=draw(texts), actions=draw(texts), resultats=draw(texts),
                  analyse=draw(texts), indicateurs=draw(st.lists(st.sampled_from(INDICATORS), max_size=4, unique=True)))
        for ident in draw(st.lists(idents, max_size=3, unique=True))
    ]
    pieces = [
        Piece(id=ident, titre=draw(non_empty), nature=draw(st.sampled_from(NaturePiece)), description=draw(texts),
              fichier=draw(st.one_of(st.none(), st.sampled_from(["contrat.pdf", "sous/dossier/é t é.pdf", "😀.png"]))),
              indicateurs=draw(st.lists(st.sampled_from(INDICATORS), max_size=3, unique=True)))
        for ident in draw(st.lists(idents, max_size=2, unique=True))
    ]
    formations = [
        Formation(id=ident, intitule=draw(non_empty), organisme=draw(texts),
                  duree_heures=draw(st.one_of(st.none(), st.floats(min_value=0, allow_nan=False))),
                  annee=draw(st.one_of(st.none(), st.integers(1900, 2100))), certifiante=draw(st.booleans()))
        for ident in draw(st.lists(idents, max_size=2, unique=True))
    ]
    objectif = draw(st.sampled_from(["diplome_complet", "blocs"]))
    profil = Profil(
        nom=draw(texts), prenom=draw(texts), email=draw(st.one_of(st.none(), texts)),
        typologie=draw(st.one_of(st.none(), st.sampled_from(Typologie))), objectif=objectif,
        blocs_vises=draw(st.lists(st.sampled_from(BLOCS), min_size=1 if objectif == "blocs" else 0, unique=True)),
        diplomes=[Diplome(intitule=draw(non_empty), annee=draw(st.one_of(st.none(), st.integers(1900, 2100))))
                  for _ in range(draw(st.integers(0, 2)))],
        motivation=draw(texts), projet=draw(texts),
    )
    return Dossier(
        certification=REF.code, profil=profil, experiences=experiences, formations=formations,
        situations=situations, pieces=pieces, notes=draw(texts),
        auto_evaluation=draw(st.dictionaries(st.sampled_from(INDICATORS), st.integers(1, 4), max_size=6)),
    )


@ROUND_TRIP
@given(dossiers())
def test_valid_dossier_survives_serialise_and_parse(dossier: Dossier) -> None:
    raw = serialise(dossier)
    loaded = parse_document(FAKE, raw, DOSSIER_SPEC).model
    assert loaded == dossier
    assert serialise(loaded) == raw


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(dossier=dossiers())
def test_valid_dossier_survives_save_and_load_on_disk(new_folder: Path, dossier: Dossier) -> None:
    expected = load_dossier(new_folder).fingerprint
    save_dossier(new_folder, dossier, expected)
    assert load_dossier(new_folder).model == dossier


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from("\x00\ufffe\uffff\ud800\udfff")), min_size=1, max_size=20))
def test_text_is_stored_exactly_or_refused_in_french(text: str) -> None:
    try:
        situation = Situation(id="s1", titre="t", analyse=text)
    except ValidationError as exc:
        assert FORBIDDEN.search(text)
        assert "caractère interdit dans le texte (U+" in str(exc)
        return
    assert not FORBIDDEN.search(text)
    dossier = Dossier(certification=REF.code, situations=[situation])
    assert parse_document(FAKE, serialise(dossier), DOSSIER_SPEC).model.situations[0].analyse == text


@pytest.mark.parametrize("char", ["\x00", "\ufffe", "\uffff", "\ud800", "\udfff"])
def test_forbidden_character_in_file_is_refused_in_french(char: str) -> None:
    escaped = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    raw = f'schema_version: 1\ncertification: RNCP39644\nnotes: "avant{escaped}après"\n'.encode()
    with pytest.raises(InvalidFileError) as info:
        parse_document(FAKE, raw, DOSSIER_SPEC)
    message = str(info.value)
    refused_by_model = "champ notes (ligne 3) : caractère interdit dans le texte (U+" in message
    refused_by_libyaml = "(ligne 3) : syntaxe YAML incorrecte (séquence d’échappement « \\u » désignant un caractère" in message
    assert refused_by_model or (refused_by_libyaml and "\ud800" <= char <= "\udfff"), message


@pytest.mark.parametrize("char", [chr(c) for c in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F]])
def test_raw_control_character_in_hand_edited_file_names_the_line(char: str) -> None:
    raw = f"schema_version: 1\ncertification: RNCP39644\nnotes: avant{char}après\n".encode()
    with pytest.raises(InvalidFileError) as info:
        parse_document(FAKE, raw, DOSSIER_SPEC)
    if char == "\x85":  # NEL is a YAML line break: « après » becomes a key without a value.
        assert "syntaxe YAML incorrecte (deux-points « : » attendu)" in str(info.value), str(info.value)
        return
    assert f"(ligne 3) : syntaxe YAML incorrecte (caractère de contrôle interdit U+{ord(char):04X})" in str(info.value)


# --- the counsellor's revue.yaml has the same guarantee ---------------------------------------------------------

REVIEW_FAKE = Path("/fuzz/revue.yaml")


def _valid_review() -> bytes:
    from vae_toolkit.models.review import Avis, Review, Statut, add_comment

    review = Review(certification=REF.code, conseiller="Claire Roux")
    entry = review.competence(REF.competences[0].id)
    entry.statut, entry.note_conseiller = Statut.pret, 3
    add_comment(entry, "Claire Roux", "Bien étayé ; « je » partout.", dt.datetime(2026, 11, 2, 10, 30))
    add_comment(review.situation("s1"), "Claire Roux", "À reprendre", dt.datetime(2026, 11, 2, 10, 31))
    review.avis.avis = Avis.reserve
    return serialise(review)


VALID_REVIEW = _valid_review()


def _parse_review(raw: bytes) -> None:
    from vae_toolkit.storage.review import REVIEW_SPEC

    try:
        parse_document(REVIEW_FAKE, raw, REVIEW_SPEC)
    except VaeError as exc:
        message = str(exc)
        assert message.startswith(f"La revue {REVIEW_FAKE} est invalide"), message
        for line in message.splitlines()[1:]:
            assert line.startswith("  – "), message
            assert not ENGLISH.search(line.split(" : ", 1)[-1]), message


def test_the_valid_review_sample_loads() -> None:
    from vae_toolkit.storage.review import REVIEW_SPEC

    assert parse_document(REVIEW_FAKE, VALID_REVIEW, REVIEW_SPEC).model.avis.avis == "reserve"


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_review_load_or_raise_french_error(raw: bytes) -> None:
    _parse_review(raw)


@FUZZ
@given(st.data())
def test_mutated_valid_review_loads_or_raises_french_error(data: st.DataObject) -> None:
    raw = bytearray(VALID_REVIEW)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw)))
        syntax = st.sampled_from([b":", b"-", b"\n", b"  ", b"[", b"{", b"*a", b"'", b"#", b"\x00"])
        chunk = data.draw(st.one_of(st.binary(min_size=1, max_size=4), syntax))
        if data.draw(st.booleans()):
            raw[pos:pos] = chunk
        else:
            raw[pos : pos + len(chunk)] = chunk
    _parse_review(bytes(raw))


@FUZZ
@given(st.data())
def test_wrong_types_anywhere_in_the_review_raise_french_error(data: st.DataObject) -> None:
    tree = yaml.safe_load(VALID_REVIEW.decode())
    paths = list(_paths(tree))
    for _ in range(data.draw(st.integers(1, 4))):
        _set(tree, data.draw(st.sampled_from(paths)), data.draw(_values))
    try:
        raw = yaml.safe_dump(tree, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, UnicodeEncodeError):
        assume(False)
    _parse_review(raw)
