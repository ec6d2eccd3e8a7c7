"""French typography in everything users read: no-break spaces before « : ; ? ! » and inside « ».

Checks the string literals of the package (docstrings aside) and the export templates, so a new message
written with an ordinary space fails here rather than in front of a candidate.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# An ordinary space before a double punctuation mark, after « or before », or between a number and %.
BAD_SPACE = re.compile(r"(?<=[\w»)\]’%}.…>]) [:;?!](?=[\s\"'<)\]}.,]|$)|(?<=\S) »|« |(?<=[\d}]) %(?=[\s\"'<),.]|$)")


def _user_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring, a raw string or bytes."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    found, previous = [], None
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", tok.string).group(0).lower()
            following = tokens[i + 1].type if i + 1 < len(tokens) else None
            docstring = previous in (None, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) \
                and following == tokenize.NEWLINE
            if not docstring and "r" not in prefix and "b" not in prefix:
                found.append((tok.start[0], tok.string))
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok.type
    return found


def test_the_checker_catches_an_ordinary_space() -> None:
    assert BAD_SPACE.search("Dossier créé : ok") and BAD_SPACE.search("« texte »") and BAD_SPACE.search("80 %")
    assert not BAD_SPACE.search("Dossier créé\u00a0: ok «\u00a0texte\u00a0» 80\u00a0% a: b https://x")


@pytest.mark.parametrize("path", sorted((ROOT / "vae_toolkit").rglob("*.py")), ids=lambda p: p.name)
def test_package_messages_use_no_break_spaces(path: Path) -> None:
    bad = [f"{path.relative_to(ROOT)}:{line}: {text[:80]}" for line, text in _user_strings(path)
           if BAD_SPACE.search(text)]
    assert not bad, "\n".join(bad)


def test_templates_use_no_break_spaces() -> None:
    bad = [f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
           for path in sorted((ROOT / "templates").rglob("*.j2"))
           for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if BAD_SPACE.search(line)]
    assert not bad, "\n".join(bad)
