"""The README's commands exist and take the options the README shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.nlp import BUNDLED_DIR

README = Path(__file__).resolve().parents[1] / "README.md"
UD = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud"


def readme_commands() -> list[list[str]]:
    """Every `quotetrack …` command line in the README's code blocks and inline code, as words."""
    text = README.read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```bash\n(.*?)```", text, re.S) for line in block.splitlines()]
    lines += re.findall(r"(?<!`)`(quotetrack [^`]+)`", text)
    commands = []
    for line in lines:
        for part in line.split("&&"):
            part = part.split("#")[0].strip()
            if part.startswith("quotetrack "):
                commands.append(part.split())
    return commands


def help_text(words: list[str]) -> str:
    subcommand = [w for w in words[1:] if not w.startswith(("-", "[")) and w.isidentifier()][:2]
    result = CliRunner().invoke(cli, [*subcommand, "--help"])
    if result.exit_code != 0:  # a two-word path that is really one subcommand and an argument
        result = CliRunner().invoke(cli, [*subcommand[:1], "--help"])
    assert result.exit_code == 0, (words, result.output)
    return result.output


def test_readme_shows_commands():
    assert len(readme_commands()) >= 5


@pytest.mark.parametrize("words", readme_commands(), ids=lambda w: " ".join(w[:3]))
def test_readme_options_exist(words):
    text = help_text(words)
    for option in (w.split("=")[0].strip("[]") for w in words if w.lstrip("[").startswith("--")):
        assert option in text, f"{option} is in the README but not in `{' '.join(words[:2])} --help`"


def test_readme_test_command_is_the_ci_command():
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in README.read_text(encoding="utf-8")
    assert "python -m pytest" in ci


def test_missing_model_folder_says_how_to_get_one(tmp_path):
    (tmp_path / "a.txt").write_text("“Hello there, everyone,” she said.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--db", str(tmp_path / "q.db"),
                                      "--model", str(tmp_path / "no-such-model")])
    assert result.exit_code != 0
    assert "train_model.py" in result.output


def test_official_model_missing_names_the_download_command(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "empty"))
    (tmp_path / "a.txt").write_text("“Hello there, everyone,” she said.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--db", str(tmp_path / "q.db"),
                                      "--model", "official"])
    assert result.exit_code != 0
    assert "quotetrack models download" in result.output


@pytest.mark.skipif(not (BUNDLED_DIR / "ner.pt").exists() or not UD.exists(), reason="needs the model and UD data")
def test_models_check_prints_every_figure():
    result = CliRunner().invoke(cli, ["models", "check", "--ud", str(UD), "--limit", "30"])
    assert result.exit_code == 0, result.output
    names = [line.split(":")[0] for line in result.output.strip().splitlines()]
    assert names == ["ewt_upos", "ewt_xpos", "ewt_lemma", "ewt_uas", "ewt_las", "gum_upos", "gum_las",
                     "ner_precision", "ner_recall", "ner_f1", "words_per_second"]


def test_models_check_needs_the_treebank_folder(monkeypatch):
    monkeypatch.delenv("QUOTETRACK_UD", raising=False)
    result = CliRunner().invoke(cli, ["models", "check"])
    assert result.exit_code != 0
    assert "--ud" in result.output


def test_no_package_module_points_into_a_source_checkout():
    package = README.parent / "src" / "quotetrack"
    assert not [p for p in package.rglob("*") if p.is_symlink()]
    for module in package.rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "parents[2]" not in source and "parents[3]" not in source, module
