"""The one Jinja2 environment for HTML built in Python: autoescaped, and strict about undefined names.

Screen models (here in :mod:`vae_toolkit.journey`) and views (:mod:`vae_toolkit.ui`) render their snippets with it,
so the candidate's text always reaches a page escaped.
"""

from __future__ import annotations

import jinja2

ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
