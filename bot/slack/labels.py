"""Short labels (button texts, modal titles) kept as `{% set name = "…" %}` in a template.

Every file of that name is read, the shipped one first, so an override in KINDRED_PROMPTS_DIR
only needs the labels it changes.
"""

from __future__ import annotations

from bot.prompts import TEMPLATE_SUFFIX, Prompts


def labels(prompts: Prompts, template: str) -> dict[str, str]:
    """The `{% set %}` values of `template` (e.g. `nudges/labels`), overrides winning."""
    found: dict[str, str] = {}
    for folder in reversed(prompts.search_path):
        path = folder / (template + TEMPLATE_SUFFIX)
        if path.is_file():
            module = prompts.env.from_string(path.read_text(encoding="utf-8")).module
            found.update({k: str(v) for k, v in vars(module).items() if not k.startswith("_")})
    if not found:
        raise KeyError(template)
    return found
