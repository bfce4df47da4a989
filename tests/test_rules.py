"""The registry of named rules: every rule has a unique name and an example sentence, and that example, parsed by
the bundled model, gives a quote carrying the rule's name (a filter: switching it off changes what is found)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from quotetrack.attribution import REGISTRY, extract_quotes
from quotetrack.attribution.find.rules import Rule, Step


def test_rule_names_are_unique_and_name_their_family():
    names = [rule.name for rule in REGISTRY]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+/[a-z-]+", name) for name in names)
    assert all(isinstance(rule, Rule | Step) and rule.example and rule.decides for rule in REGISTRY)


@pytest.fixture(scope="module")
def examples(bundled_analyzer):
    documents = bundled_analyzer.analyze([rule.example for rule in REGISTRY])
    return {rule.name: doc for rule, doc in zip(REGISTRY, documents, strict=True)}


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda rule: rule.name)
def test_every_rule_decides_a_quote_of_its_example(rule, examples):
    doc = examples[rule.name]
    quotes = extract_quotes(doc)
    switched_off = extract_quotes(doc, disabled=frozenset([rule.name]))
    if rule.decides == "filter":
        # "The film “Gone Girl” opened": what the filter keeps out comes back when it is off
        assert len(switched_off) > len(quotes)
        return
    assert any(rule.name in quote.rule for quote in quotes), [(q.text, q.rule) for q in quotes]
    assert not any(rule.name in quote.rule for quote in switched_off)


def test_the_rules_document_is_the_registry():
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("rules_doc", root / "scripts" / "rules_doc.py")
    rules_doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rules_doc)
    assert (root / "docs" / "rules.md").read_text(encoding="utf-8") == rules_doc.markdown()
