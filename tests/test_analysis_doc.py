"""docs/analyse-des-ecarts.md states the rules the code applies: thresholds, labels, recommendation kinds."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

from vae_toolkit.analysis.coverage import RATING_GAP_LABELS
from vae_toolkit.analysis.grid import GRID_LABELS
from vae_toolkit.models.wording import EVIDENCE_LABELS, READINESS_LABELS
from vae_toolkit.analysis.recommendations import PRIORITY_LABELS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "analyse-des-ecarts.md"
RULE_MODULES = ("evidence", "coverage", "readiness", "grid", "recommendations")
TEXT = DOC.read_text(encoding="utf-8")


def french_number(cell: str) -> float:
    """The first number of a cell written the French way: « 2 500 mots », « 0,25 », « 10 ans »."""
    match = re.search(r"\d[\d\u00a0\u202f ]*(?:,\d+)?", cell)
    assert match, f"no number in {cell!r}"
    return float(re.sub(r"[\u00a0\u202f ]", "", match.group()).replace(",", "."))


def threshold_rows() -> dict[str, float]:
    """{``module.NAME``: value} from the table of section « Les seuils »."""
    section = TEXT.split("## 10. Les seuils", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`\w+\.[A-Z_]+`", cells[2]):
            rows[cells[2].strip("`")] = french_number(cells[1])
    return rows


def _assigned_names(module: ModuleType) -> set[str]:
    """Names assigned at the top level of the module's own source (not the ones it imports)."""
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name):
                    names.add(leaf.id)
    return names


def code_thresholds() -> dict[str, float]:
    """Every numeric upper-case constant defined by the rule modules."""
    out = {}
    for name in RULE_MODULES:
        module = importlib.import_module(f"vae_toolkit.analysis.{name}")
        for attr in _assigned_names(module):
            value = getattr(module, attr)
            if re.fullmatch(r"[A-Z][A-Z_]*", attr) and isinstance(value, int | float) and not isinstance(value, bool):
                out[f"{name}.{attr}"] = value
    return out


def test_the_threshold_table_parses() -> None:
    rows = threshold_rows()
    assert len(rows) >= 10 and rows["evidence.MIN_WORDS"] == 150 and rows["grid.COMMENT_LIMIT"] == 10_000


@pytest.mark.parametrize("constant", sorted(code_thresholds()))
def test_every_threshold_of_the_code_is_in_the_doc_with_its_value(constant: str) -> None:
    rows = threshold_rows()
    assert constant in rows, f"{constant} is not documented in {DOC.name}"
    assert rows[constant] == pytest.approx(code_thresholds()[constant]), constant


def test_the_doc_names_no_constant_the_code_lacks() -> None:
    assert set(threshold_rows()) <= set(code_thresholds())


def test_every_thousand_in_the_prose_matches_the_table() -> None:
    """Numbers quoted in the prose for the main rules are the table's (the prose is not checked cell by cell)."""
    rows = threshold_rows()
    prose = TEXT.split("## 10. Les seuils", 1)[0]
    assert f"au moins {int(rows['evidence.MIN_WORDS'])} mots" in prose
    assert f"au moins {int(rows['evidence.MIN_ANALYSE_WORDS'])} mots" in prose
    assert f"({str(rows['evidence.COLLECTIVE_RATIO']).replace('.', ',')})" in prose
    assert f"plus de {int(rows['evidence.RECENT_YEARS'])} ans" in prose
    assert f"la moitié ({str(rows['readiness.READY_SHARE']).replace('.', ',')})" in prose
    assert "10\u202f000 caractères" in prose and rows["grid.COMMENT_LIMIT"] == 10_000


@pytest.mark.parametrize("labels", [EVIDENCE_LABELS, READINESS_LABELS, GRID_LABELS, RATING_GAP_LABELS, PRIORITY_LABELS],
                         ids=["statuts", "preparation", "grille", "auto_vs_preuves", "priorites"])
def test_every_label_shown_to_users_is_explained(labels: dict) -> None:
    for label in labels.values():
        assert label.casefold() in TEXT.casefold(), label


def test_every_recommendation_kind_is_documented() -> None:
    source = (ROOT / "vae_toolkit" / "analysis" / "recommendations.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r"Recommendation\([^\n]*?, (?:\d|priority), \"([a-z_]+)\"", source))
    assert len(kinds) >= 7, kinds
    table = TEXT.split("## 7. Les recommandations", 1)[1].split("## 8.", 1)[0]
    assert {k for k in kinds if f"| `{k}` |" in table} == kinds
