"""Jinja templates for everything Kindred says.

Templates live in `prompts/` (shipped in the package as `bot.default_prompts`); a folder named by
KINDRED_PROMPTS_DIR is searched first, so operators can reword anything without forking. The
environment is sandboxed (templates are edited by non-programmers and must not reach Python
internals) and strict (a misspelt variable is an error, never a silently empty sentence).
"""

from __future__ import annotations

import re
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

# Words Kindred's voice avoids, and why (prompts/README.md explains the voice). `kindred prompts
# check` warns where a template's own words use one; text people typed is never checked.
AVOIDED_WORDS: dict[str, str] = {
    "sentiment": "a score where a feeling belongs: say the tone in words",
    "score": "a score where a feeling belongs: say it in words",
    "VADER": "the name of a tool, not a word for how something reads",
    "streak": "turns checking in into a game where a missed week feels like failing",
    "in a row": "counts weeks like a game; say it is good to hear from them",
    "simply": "makes what is hard sound small",
    "obviously": "makes the reader feel slow",
    "cheer up": "advice instead of listening",
    "bright side": "advice instead of listening",
    "calm down": "tells people how to feel",
    "don't worry": "tells people how to feel",
    "you should": "advice nobody asked for; offer, or ask",
}
_AVOIDED = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(w) for w in AVOIDED_WORDS) + r")(?![\w])", re.IGNORECASE
)
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


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

    def style_warnings(self) -> list[StyleWarning]:
        """Every use of an avoided word in the templates that `render` reads."""
        return [w for name in self.names() for w in style_warnings_in(name, self.path_of(name))]


@dataclass(frozen=True)
class StyleWarning:
    """A template's own words use one of AVOIDED_WORDS."""

    name: str
    path: Path
    line: int
    word: str
    why: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: warning: avoid “{self.word}” ({self.why}; see prompts/README.md)"


def written_words(source: str) -> str:
    """The words a template says itself: its text and the quoted strings in its tags.

    Comments, variable names and the rest of the template code become blanks, line breaks
    stay, so a line number in the result is the line number in the file.
    """

    def blank(match: re.Match[str]) -> str:
        return "".join(c if c == "\n" else " " for c in match.group())

    def strings_only(match: re.Match[str]) -> str:
        tag = match.group()
        kept = [" "] * len(tag)
        for string in _STRING.finditer(tag):
            kept[string.start() : string.end()] = string.group()
        return "".join(c if c == "\n" else k for c, k in zip(tag, kept, strict=True))

    return _TAG.sub(strings_only, _COMMENT.sub(blank, source))


def style_warnings_in(name: str, path: Path) -> list[StyleWarning]:
    """Each avoided word in the template at `path`, with its line."""
    words = written_words(path.read_text(encoding="utf-8"))
    why = {word.lower(): reason for word, reason in AVOIDED_WORDS.items()}
    return [
        StyleWarning(name, path, number, match.group(), why[match.group().lower()])
        for number, line in enumerate(words.splitlines(), start=1)
        for match in _AVOIDED.finditer(line)
    ]


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
