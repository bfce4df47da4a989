"""The parse as the rules read it: the Tree over an article's words, with the words inside quotation marks."""
