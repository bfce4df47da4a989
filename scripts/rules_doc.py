"""Write docs/rules.md, the list of every named rule in the order they act, from the registry itself.

    python scripts/rules_doc.py > docs/rules.md

tests/test_rules.py checks the file is what this script writes, so the list cannot drift from the code.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import quotetrack.attribution
from quotetrack.attribution import REGISTRY
from quotetrack.attribution.find.rules import Rule

HEADER = """# The attribution rules

Every quote quotetrack stores carries `rule`: the names of the rules that decided it (its cue, speaker,
content, channel, or the pass that found it). This is every rule, in the order the pipeline tries them; within
one cascade (`ATTRIBUTION_RULES`, `CONTENT_RULES`, `SPEAKER_RULES`) the first rule that applies decides.
`quotetrack evaluate GOLD --ablation` switches each off in turn and prints what it contributes.
Written by `python scripts/rules_doc.py > docs/rules.md` from `quotetrack.attribution.REGISTRY`.

| # | rule | decides | where | example |
|---|---|---|---|---|
"""


def where(rule, step_modules: dict[str, str]) -> str:
    """The rule's finder (a Rule), or the module that declares the step."""
    if isinstance(rule, Rule):
        return f"`{rule.find.__module__.removeprefix('quotetrack.attribution.')}.{rule.find.__name__}`"
    return f"`{step_modules[rule.name]}`"


def declared_steps() -> dict[str, str]:
    """Step name -> the module (under quotetrack.attribution) whose source declares it, each module read once."""
    found = {}
    for info in pkgutil.walk_packages(quotetrack.attribution.__path__, "quotetrack.attribution."):
        source = inspect.getsource(importlib.import_module(info.name))
        for name in re.findall(r'Step\(\s*"([^"]+)"', source):
            found[name] = info.name.removeprefix("quotetrack.attribution.")
    return found


def markdown() -> str:
    steps = declared_steps()
    rows = []
    for number, rule in enumerate(REGISTRY, start=1):
        example = rule.example.replace("\n", " / ").replace("|", "\\|")
        rows.append(f"| {number} | `{rule.name}` | {rule.decides} | {where(rule, steps)} | {example} |")
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
