"""The one Jinja2 environment for HTML built in Python: autoescaped, and strict about undefined names.

Screen models (here in :mod:`vae_toolkit.journey`) and views (:mod:`vae_toolkit.ui`) render their snippets with it,
so the candidate's text always reaches a page escaped. Screens render the same small snippets many times (one per
indicator, per situation, per row): each source is compiled once.
"""

from __future__ import annotations

from typing import Any

import jinja2

COMPILED_LIMIT = 512  # distinct snippet sources kept compiled (the app has a few dozen)


class SnippetEnvironment(jinja2.Environment):
    """A Jinja2 environment whose ``from_string`` compiles each source once."""

    def __init__(self, **options: Any) -> None:  # noqa: ANN401 - Jinja2's own options
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template, globals: dict[str, Any] | None = None,  # noqa: A002
                    template_class: type[jinja2.Template] | None = None) -> jinja2.Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) < COMPILED_LIMIT:
                self._compiled[source] = template
        return template


ENV = SnippetEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
