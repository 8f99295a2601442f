"""Templates: sandboxed, strict, overridable, escaped, and checked file by file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from bot.prompts import Prompts, default_prompts_dir


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def defaults(tmp_path: Path) -> Path:
    folder = tmp_path / "defaults"
    write(folder, "greet/hello.j2", "Hello {{ name | mrkdwn }}!\n")
    write(folder, "greet/bye.j2", "Bye.")
    write(folder, "samples.yml", "greet/hello:\n  name: Ada\n")
    return folder


def test_shipped_templates_all_render() -> None:
    prompts = Prompts()
    assert prompts.default_dir == default_prompts_dir()
    assert "home/welcome" in prompts.names()
    assert prompts.check() == []


def test_render_escapes_user_text_with_the_mrkdwn_filter(defaults: Path) -> None:
    prompts = Prompts(default_dir=defaults)
    text = prompts.render("greet/hello", name="<!channel> & <@U123> <https://evil|ok>")
    assert text == "Hello &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil|ok&gt;!"
    assert "<" not in text and ">" not in text


def test_unknown_variable_is_an_error_not_an_empty_string(defaults: Path) -> None:
    with pytest.raises(UndefinedError, match="'name' is undefined"):
        Prompts(default_dir=defaults).render("greet/hello")


def test_sandbox_blocks_python_internals(defaults: Path) -> None:
    write(defaults, "evil.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        Prompts(default_dir=defaults).render("evil")


def test_override_folder_wins_and_falls_back(defaults: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    write(overrides, "greet/hello.j2", "Hi there, {{ name }}.")
    write(overrides, "greet/extra.j2", "Extra.")
    prompts = Prompts(override_dir=overrides, default_dir=defaults)
    assert prompts.render("greet/hello", name="Ada") == "Hi there, Ada."
    assert prompts.render("greet/bye") == "Bye."
    assert prompts.names() == ["greet/bye", "greet/extra", "greet/hello"]
    assert prompts.path_of("greet/hello") == overrides / "greet/hello.j2"


def test_templates_are_reread_when_edited(defaults: Path) -> None:
    prompts = Prompts(default_dir=defaults)
    assert prompts.render("greet/bye") == "Bye."
    path = write(defaults, "greet/bye.j2", "See you soon.")
    os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))
    assert prompts.render("greet/bye") == "See you soon."


def test_check_names_file_and_line_of_a_syntax_error(defaults: Path) -> None:
    broken = write(defaults, "greet/broken.j2", "line one\nline two\n{% if %}\n")
    problems = Prompts(default_dir=defaults).check()
    assert [(p.name, p.path, p.line) for p in problems] == [("greet/broken", broken, 3)]
    assert str(problems[0]).startswith(f"{broken}:3: ")


def test_check_names_file_and_line_of_an_unknown_variable(defaults: Path) -> None:
    broken = write(defaults, "greet/typo.j2", "Hello.\n\nYour streak: {{ streek }} weeks\n")
    problems = Prompts(default_dir=defaults).check()
    assert len(problems) == 1
    assert (problems[0].path, problems[0].line) == (broken, 3)
    assert "'streek' is undefined" in problems[0].message


def test_check_reports_a_broken_override(defaults: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    broken = write(overrides, "greet/hello.j2", "{{ name | no_such_filter }}")
    problems = Prompts(override_dir=overrides, default_dir=defaults).check()
    assert [(p.path, p.line) for p in problems] == [(broken, 1)]
    assert "no_such_filter" in problems[0].message


def test_check_reports_broken_sample_yaml(defaults: Path) -> None:
    write(defaults, "samples.yml", "greet/hello:\n  name: [unclosed\n")
    problems = Prompts(default_dir=defaults).check()
    assert len(problems) == 1 and problems[0].name == "samples.yml"
    assert problems[0].path == defaults / "samples.yml"
    assert problems[0].line is not None
    assert "not valid YAML" in problems[0].message


def test_samples_can_live_beside_their_templates(defaults: Path) -> None:
    write(defaults, "greet/samples.yml", "bye: {}\nwave:\n  who: Grace\n")
    write(defaults, "greet/wave.j2", "Wave at {{ who }}.")
    prompts = Prompts(default_dir=defaults)
    assert prompts.samples()["greet/wave"] == {"who": "Grace"}
    assert prompts.samples()["greet/hello"] == {"name": "Ada"}
    assert prompts.preview("greet/wave") == "Wave at Grace."
    assert prompts.check() == []


def run_cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "prompts", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_check_passes_on_the_shipped_templates(tmp_path: Path) -> None:
    result = run_cli(["check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("all ") and "templates render" in result.stdout


def test_cli_check_fails_and_names_file_and_line(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    broken = write(overrides, "home/welcome.j2", "Welcome\n{{ unclosed \n")
    result = run_cli(["check"], tmp_path, KINDRED_PROMPTS_DIR=str(overrides))
    assert result.returncode == 1
    assert f"{broken}:2: " in result.stderr
    assert "1 of" in result.stderr


def test_cli_preview_renders_with_sample_data(tmp_path: Path) -> None:
    result = run_cli(["preview", "home/privacy"], tmp_path, KINDRED_MIN_GROUP="7")
    assert result.returncode == 0, result.stderr
    assert "at least 5 people" in result.stdout  # the sample data, not the live setting


def test_cli_preview_of_an_unknown_template(tmp_path: Path) -> None:
    result = run_cli(["preview", "no/such"], tmp_path)
    assert result.returncode == 1
    assert "no template named 'no/such'" in result.stderr
