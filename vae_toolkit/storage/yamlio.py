"""YAML in and out: strict reading with line numbers for errors, readable and diffable writing."""

from __future__ import annotations

import enum
import functools
from pathlib import Path
from typing import Any

import yaml

from vae_toolkit.errors import InvalidFileError
from vae_toolkit.models.checks import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        """Never write anchors and aliases (a shared object is written out each time): the reader refuses them."""
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_enum(dumper: yaml.SafeDumper, value: enum.Enum) -> yaml.Node:
    return _represent_str(dumper, str(value.value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(enum.Enum, _represent_enum)


class _Refused(Exception):
    """A construct our files never contain (found while reading): a French reason and its 1-based line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@functools.lru_cache(maxsize=256)
def _resolve(kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
    """The tag PyYAML's resolver gives a node. It depends on nothing else here (the loader has no path resolvers), so
    it is remembered: the C parser asks it for every node, and a dossier repeats its keys and values (field names,
    ids, dates) hundreds of times. A hit is answered without running Python code. 256 entries keep 97 % of the hits
    of an unbounded cache over 500 generated dossiers, and few long texts."""
    return yaml.resolver.Resolver.resolve(_RESOLVER, kind, value, implicit)


_RESOLVER = yaml.resolver.Resolver()


class _StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys; an impossible date stays text so validation names its field."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        if not self.yaml_path_resolvers and self.yaml_implicit_resolvers is _RESOLVER.yaml_implicit_resolvers:
            self.resolve = _resolve  # type: ignore[method-assign]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:
                continue  # an unhashable key: the base constructor reports it with its own message
            seen[key] = line
            if first is not None:
                raise _Refused(f"clé « {key} » en double (lignes {first} et {line}) ; gardez-en une seule", line)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return node.value


    def construct_document(self, node: yaml.Node) -> Any:
        """The document as plain data, by a direct walk of the node tree for what our files hold (mappings,
        sequences and scalars under their standard tags, every key once); anything else — a duplicate key, a merge,
        another tag, a scalar the constructors refuse — goes through PyYAML's own construction, which gives the
        same data, or the error it always gave. The walk does in one call per node what PyYAML does in several:
        the dashboard reads hundreds of dossiers, and construction was a third of their parsing."""
        try:
            data = self._plain(node)
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - PyYAML's own path decides, with its own message
            self.constructed_objects, self.recursive_objects = {}, {}
            return super().construct_document(node)
        self.constructed_objects, self.recursive_objects, self.deep_construct = {}, {}, False
        return data

    def _plain(self, node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            if tag == _INT and node.value.isdecimal() and node.value.isascii() and node.value[:1] != "0":
                return int(node.value)  # what construct_yaml_int gives for plain digits (a leading 0 is octal)
            return self.construct_object(node)
        if kind is yaml.MappingNode and node.tag == _MAP:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode or key_node.tag == _MERGE:
                    raise _NotPlain
                key = key_node.value if key_node.tag == _STR else self.construct_object(key_node)
                if key in out:
                    raise _NotPlain
                out[key] = self._plain(value_node)
            return out
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._plain(child) for child in node.value]
        raise _NotPlain


class _NotPlain(Exception):
    """A node the direct walk leaves to PyYAML."""


_STR, _MAP, _SEQ, _MERGE, _NULL, _INT = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "merge", "null",
                                                                           "int"))
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _refuse_anchors(text: str) -> None:
    """Refuse YAML anchors (``&nom``) and aliases (``*nom``): the writer never makes them, and a few
    aliases to one long text expand to gigabytes in memory (a « billion laughs » file)."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            msg = f"alias YAML « *{anchor} » refusé : recopiez le texte au lieu d’y faire référence"
        else:
            msg = f"ancre YAML « &{anchor} » refusée : ce fichier n’en contient jamais ; supprimez-la"
        raise _Refused(msg, line)


def dump_yaml(data: Any) -> bytes:
    """Serialise plain data as UTF-8 YAML: keys in model order, accents as is, multi-line text as blocks."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return text.encode("utf-8")


def parse_yaml(path: Path, raw: bytes, *, what: str = "Le fichier") -> dict[str, Any]:
    """Decode and parse ``raw`` (read from ``path``); the top level must be a mapping.

    Any failure raises :class:`InvalidFileError` naming the file and, when known, the line.
    """
    if not raw.strip():
        raise InvalidFileError(path, [Problem((), "le fichier est vide")], what=what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"le fichier n’est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02X} illisible)"
        raise InvalidFileError(path, [Problem((), msg, line)], what=what) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        _refuse_anchors(text)
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except _Refused as exc:
        raise InvalidFileError(path, [Problem((), exc.message, exc.line)], what=what) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InvalidFileError(path, [Problem((), f"syntaxe YAML incorrecte ({_yaml_reason(exc)})", line)], what=what) from None
    except yaml.reader.ReaderError as exc:
        line = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
        char = f" U+{exc.character:04X}" if isinstance(exc.character, int) else ""
        msg = f"syntaxe YAML incorrecte (caractère de contrôle interdit{char})"
        raise InvalidFileError(path, [Problem((), msg, line)], what=what) from None
    except RecursionError:
        raise InvalidFileError(path, [Problem((), "structure imbriquée trop profondément")], what=what) from None
    except (ValueError, OverflowError):
        msg = "valeur illisible (une date impossible, comme 2024-02-30 ?)"
        raise InvalidFileError(path, [Problem((), msg)], what=what) from None
    except yaml.YAMLError:
        raise InvalidFileError(path, [Problem((), "syntaxe YAML incorrecte (structure illisible)")], what=what) from None
    if not isinstance(data, dict):
        kind = "vide" if data is None else f"de type {type(data).__name__}"
        raise InvalidFileError(path, [Problem((), f"le contenu doit être une suite de champs « clé : valeur », il est {kind}")], what=what)
    return data


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    known = {
        "found character '\\t' that cannot start any token": "tabulation interdite, utilisez des espaces",
        "mapping values are not allowed here": "deux-points inattendu ; mettez le texte entre guillemets",
        "could not find expected ':'": "deux-points « : » attendu",
        "found undefined alias": "alias inconnu",
        "did not find expected node content": "valeur attendue (crochet ou accolade mal fermé ?)",
        "did not find expected key": "clé attendue (indentation incorrecte ?)",
        "did not find expected '-' indicator": "élément de liste « - » attendu (indentation incorrecte ?)",
        "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
        "found invalid Unicode character escape code": "séquence d’échappement « \\u » désignant un caractère impossible",
        "found unknown escape character": "séquence d’échappement inconnue après « \\ »",
        "expected <block end>, but found": "indentation incorrecte",
        "found duplicate anchor": "ancre en double",
        "found character that cannot start any token": "caractère inattendu en début de valeur",
        "special characters are not allowed": "caractère de contrôle interdit",
        # libyaml's own wording (the C loader), then the rest of PyYAML's.
        "mapping values are not allowed in this context": "deux-points inattendu ; mettez le texte entre guillemets",
        "did not find expected comment or line break": "fin de ligne attendue après l’indicateur de bloc « | » ou « > »",
        "did not find expected <document start>": "un seul document attendu (ligne « --- » ou « ... » en trop ?)",
        "but found another document": "un seul document attendu (ligne « --- » en trop ?)",
        "did not find expected alphabetic or numeric character": "nom d’ancre ou d’alias invalide après « & » ou « * »",
        "block sequence entries are not allowed in this context": "élément de liste « - » mal placé",
        "did not find expected tag URI": "étiquette « ! » invalide",
        "did not find the expected": "étiquette « ! » invalide",
        "did not find expected whitespace or line break": "étiquette « ! » invalide",
        "found undefined tag handle": "étiquette « ! » inconnue",
        "could not determine a constructor for the tag": "étiquette « ! » non autorisée",
        "did not find expected ','": "crochet ou accolade mal fermé",
        "did not find expected ']'": "crochet « ] » mal fermé",
        "did not find expected '}'": "accolade « } » mal fermée",
        "found a tab character": "tabulation interdite, utilisez des espaces",
        "mapping keys are not allowed in this context": "clé « ? » mal placée",
        "expected a mapping or list of mappings for merging": "fusion « << » invalide",
        "found unhashable key": "une liste ou une suite de champs ne peut pas servir de clé",
        "did not find expected hexdecimal number": "séquence d’échappement « \\x » ou « \\u » incomplète",
        "found unexpected document indicator": "guillemet non fermé avant « --- » ou « ... »",
        "found unexpected non-alphabetical character": "directive « % » invalide",
        "could not find expected directive name": "directive « % » invalide",
        "found unknown directive name": "directive « % » inconnue",
        "did not find expected digit": "directive « %YAML » invalide",
        "did not find expected version number": "directive « %YAML » invalide",
        "found unexpected ':'": "deux-points inattendu ; mettez le texte entre guillemets",
        "found duplicate key": "clé en double",
        "found unexpected document separator": "ligne « --- » ou « ... » inattendue",
        "found incompatible YAML document": "version de YAML non prise en charge",
        "expected a single document in the stream": "un seul document attendu (ligne « --- » en trop ?)",
        "expected the node content": "valeur attendue",
        "expected ','": "crochet ou accolade mal fermé",
        "expected": "structure inattendue",
    }
    for english, french in known.items():
        if problem.startswith(english):
            return french
    return "structure illisible"


def line_of(raw: bytes, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the node at ``path`` in the YAML document ``raw`` (or of its nearest parent)."""
    try:
        node = yaml.compose(raw.decode("utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None
    best = node.start_mark.line + 1 if node is not None else None
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    best = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            best = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return best
