"""Write docs/rules.md, the list of every named rule in the order they act, from the registry itself.

    python scripts/rules_doc.py > docs/rules.md

tests/test_rules.py checks the file is what this script writes, so the list cannot drift from the code.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

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


def where(rule) -> str:
    """The rule's finder (a Rule), or the module that declares the step."""
    if isinstance(rule, Rule):
        return f"`{rule.find.__module__.removeprefix('quotetrack.attribution.')}.{rule.find.__name__}`"
    for info in pkgutil.walk_packages(quotetrack.attribution.__path__, "quotetrack.attribution."):
        if f'Step(\n    "{rule.name}"' in _source(info.name) or f'Step("{rule.name}"' in _source(info.name):
            return f"`{info.name.removeprefix('quotetrack.attribution.')}`"
    raise LookupError(f"no module declares {rule.name}")


def _source(module_name: str) -> str:
    return inspect.getsource(importlib.import_module(module_name))


def markdown() -> str:
    rows = []
    for number, rule in enumerate(REGISTRY, start=1):
        example = rule.example.replace("\n", " / ").replace("|", "\\|")
        rows.append(f"| {number} | `{rule.name}` | {rule.decides} | {where(rule)} | {example} |")
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
