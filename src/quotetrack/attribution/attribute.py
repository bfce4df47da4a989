"""The entry point under its old name, for code written before the rules moved into find/, passes/ and resolve/."""

from quotetrack.attribution.pipeline import REGISTRY, extract_quotes, quotes_from_parsed

__all__ = ["REGISTRY", "extract_quotes", "quotes_from_parsed"]
