"""Jinja templates for everything Kindred says.

Templates live in `prompts/` (shipped in the package as `bot.default_prompts`); a folder named by
KINDRED_PROMPTS_DIR is searched first, so operators can reword anything without forking. The
environment is sandboxed (templates are edited by non-programmers and must not reach Python
internals) and strict (a misspelt variable is an error, never a silently empty sentence).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2 import TemplateSyntaxError as JinjaSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from bot.slack.text import inert_mrkdwn

TEMPLATE_SUFFIX = ".j2"
SAMPLES_FILE = "samples.yml"


def default_prompts_dir() -> Path:
    """The prompts/ folder shipped with Kindred.

    A wheel carries it as the package `bot.default_prompts` (see setup.py); a source checkout or
    an editable install reads the folder beside `bot/` directly.
    """
    checkout = Path(__file__).resolve().parent.parent / "prompts"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("bot.default_prompts")))


@dataclass(frozen=True)
class TemplateProblem:
    """A template that does not render, located by file and line for the person fixing it."""

    name: str
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class Prompts:
    """Renders named templates (`checkin/thanks` -> `prompts/checkin/thanks.j2`)."""

    def __init__(self, override_dir: Path | None = None, default_dir: Path | None = None) -> None:
        self.default_dir = default_dir or default_prompts_dir()
        self.override_dir = override_dir
        self.search_path = [d for d in (override_dir, self.default_dir) if d is not None]
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader([FileSystemLoader(d) for d in self.search_path]),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=True,
        )
        # Escapes & < > and defuses plain @channel / @here / @everyone in text people typed.
        self.env.filters["mrkdwn"] = inert_mrkdwn
        # Label files evaluated once per version of the file: compiling one on every message
        # was most of the weekly fan-out's CPU time (see docs/benchmarks.md).
        self._labels: dict[Path, tuple[int, dict[str, str]]] = {}

    def render(self, template: str, /, **context: Any) -> str:
        """Render `template` (a name such as `home/welcome`) with `context`, trimmed."""
        return self.env.get_template(template + TEMPLATE_SUFFIX).render(**context).strip()

    def labels(self, template: str, /) -> dict[str, str]:
        """The `{% set name = "…" %}` values of `template`: short labels such as button texts.

        One file of `set` lines is easier for a non-programmer to edit than a file per label. An
        override file only needs the labels it changes: the shipped file supplies the rest.
        """
        labels: dict[str, str] = {}
        for folder in reversed(self.search_path):
            path = folder / (template + TEMPLATE_SUFFIX)
            if path.is_file():
                labels.update(self._labels_of(path))
        if not labels:
            raise KeyError(template)
        return labels

    def _labels_of(self, path: Path) -> dict[str, str]:
        """The labels one file sets; evaluated again only when the file changed (as `render`)."""
        version = path.stat().st_mtime_ns
        cached = self._labels.get(path)
        if cached is None or cached[0] != version:
            module = self.env.from_string(path.read_text(encoding="utf-8")).make_module()
            values = {k: str(v) for k, v in vars(module).items() if k[:1] != "_"}
            cached = self._labels[path] = (version, values)
        return dict(cached[1])

    def names(self) -> list[str]:
        """Every template name, from the defaults and the override folder."""
        found: set[str] = set()
        for folder in self.search_path:
            for path in folder.rglob("*" + TEMPLATE_SUFFIX):
                found.add(path.relative_to(folder).with_suffix("").as_posix())
        return sorted(found)

    def path_of(self, name: str) -> Path:
        """The file that `render(name)` reads (the override wins)."""
        for folder in self.search_path:
            candidate = folder / (name + TEMPLATE_SUFFIX)
            if candidate.is_file():
                return candidate
        raise KeyError(name)

    def samples(self) -> dict[str, dict[str, Any]]:
        """Sample data per template, from every samples.yml (overrides win).

        A samples.yml names templates relative to its own folder, so `prompts/checkin/samples.yml`
        holds `thanks:` for `checkin/thanks`.
        """
        merged: dict[str, dict[str, Any]] = {}
        for folder in reversed(self.search_path):
            for path in sorted(folder.rglob(SAMPLES_FILE)):
                prefix = path.parent.relative_to(folder).as_posix()
                with path.open(encoding="utf-8") as stream:  # a stream lets YAML name the file
                    loaded = yaml.safe_load(stream) or {}
                for name, context in loaded.items():
                    merged[name if prefix == "." else f"{prefix}/{name}"] = context or {}
        return merged

    def preview(self, name: str) -> str:
        """Render `name` with its sample data."""
        return self.render(name, **self.samples().get(name, {}))

    def check(self) -> list[TemplateProblem]:
        """Render every template with its sample data; return each one that fails."""
        try:
            samples = self.samples()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            path = Path(getattr(mark, "name", SAMPLES_FILE))
            line = mark.line + 1 if mark else None
            return [
                TemplateProblem(SAMPLES_FILE, path, line, f"sample data is not valid YAML: {exc}")
            ]
        problems = []
        for name in self.names():
            path = self.path_of(name)
            try:
                self.render(name, **samples.get(name, {}))
            except JinjaSyntaxError as exc:
                line = exc.lineno or _template_line(exc, path)
                problems.append(TemplateProblem(name, path, line, exc.message or str(exc)))
            except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
                problems.append(
                    TemplateProblem(name, path, _template_line(exc, path), _describe(exc))
                )
        return problems


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The line of `path` where rendering failed (Jinja puts template frames in tracebacks)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    return line


def _describe(exc: BaseException) -> str:
    message = str(exc) or type(exc).__name__
    if "is undefined" in message:
        return f"{message} (add it to {SAMPLES_FILE} or fix the name)"
    return message
