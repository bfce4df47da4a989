"""The passes over one article: each finds one kind of quote with the rules of find/ and resolve/."""
