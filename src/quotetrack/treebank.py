"""CoNLL-U treebank helpers shared by model training, `models check` and the gold-parse test fixtures.

GUM's MISC column carries entity spans (`Entity=(6-person-...` … `6)`); the named ones (person,
organization, place with a proper-noun head) become PER/ORG/LOC for NER training and gold fixtures.
"""

from __future__ import annotations

import re
from pathlib import Path

# GUM entity types that are named-entity classes; the rest are not NER.
GUM_NER_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
# Word classes that may continue a name inside an entity span ("Bank of America", "Durham University").
NAME_WORD_UPOS = {"PROPN", "NOUN", "NUM", "ADP", "CCONJ", "DET", "PART"}


def read_conllu(path: Path):
    """Yield sentences as (comment lines, token rows) from a CoNLL-U file."""
    comments, rows = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    yield comments, rows
                comments, rows = [], []
            elif line.startswith("#"):
                comments.append(line)
            else:
                rows.append(line.split("\t"))
    if rows:
        yield comments, rows


def misc_without(misc: str, key: str) -> list[str]:
    return [item for item in misc.split("|") if item != "_" and not item.startswith(key + "=")]


def flatten_sentence(rows: list[list[str]]) -> list[list[str]]:
    """Replace each multi-word token by its words, with forms cut from the surface so the text still matches."""
    out: list[list[str]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if "." in row[0]:
            i += 1
            continue
        if "-" in row[0]:
            first, last = (int(x) for x in row[0].split("-"))
            words = [list(r) for r in rows[i + 1 : i + 1 + last - first + 1]]
            surface = row[1]
            forms = [w[1] for w in words]
            if "".join(forms) != surface:
                forms = split_surface(surface, forms)
            space_after_no = "SpaceAfter=No" in row[9]
            for n, (word, form) in enumerate(zip(words, forms, strict=True)):
                word[1] = form
                misc = misc_without(word[9], "SpaceAfter")
                if n < len(words) - 1 or space_after_no:
                    misc.append("SpaceAfter=No")
                word[9] = "|".join(misc) or "_"
                out.append(word)
            i += 1 + len(words)
        else:
            out.append(row)
            i += 1
    return out


def split_surface(surface: str, forms: list[str]) -> list[str]:
    """Cut a multi-word token's surface into pieces as long as its word forms, the last taking the rest."""
    pieces, at = [], 0
    for form in forms[:-1]:
        piece = surface[at : at + len(form)] or form
        pieces.append(piece)
        at += len(piece)
    pieces.append(surface[at:] or forms[-1])
    return pieces


def sentence_text(rows: list[list[str]]) -> str:
    parts = []
    for row in rows:
        parts.append(row[1])
        if "SpaceAfter=No" not in row[9]:
            parts.append(" ")
    return "".join(parts).strip()


def write_flat_treebank(sources: list[Path], conllu_out: Path, text_out: Path) -> int:
    """Write flattened CoNLL-U and the matching raw text (paragraphs separated by blank lines)."""
    count = 0
    with open(conllu_out, "w", encoding="utf-8") as conllu, open(text_out, "w", encoding="utf-8") as text:
        first = True
        for source in sources:
            for comments, rows in read_conllu(source):
                rows = flatten_sentence(rows)
                new_paragraph = any(c.startswith(("# newpar", "# newdoc")) for c in comments)
                if not first:
                    text.write("\n\n" if new_paragraph else " ")
                first = False
                raw = sentence_text(rows)
                text.write(raw)
                kept = [c for c in comments if not c.startswith("# text")]
                conllu.write("\n".join(kept + [f"# text = {raw}"]) + "\n")
                conllu.write("\n".join("\t".join(r) for r in rows) + "\n\n")
                count += 1
        text.write("\n")
    return count


def gum_named_entities(rows: list[list[str]]) -> list[str]:
    """BIO tags (PER/ORG/LOC) from GUM's Entity= spans that contain a proper noun, outermost span first.

    A span is cut to run from its first proper noun up to the last name word before any punctuation, so
    "the University of Portsmouth, United Kingdom" gives ORG "University of Portsmouth" and LOC "United Kingdom".
    """
    opened: dict[str, tuple[int, str]] = {}
    spans: list[tuple[int, int, str]] = []
    for index, row in enumerate(rows):
        entity = next((m[7:] for m in row[9].split("|") if m.startswith("Entity=")), "")
        for match in re.finditer(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)", entity):
            if match.group(1) and match.group(3):
                spans.append((index, index, match.group(2)))
            elif match.group(1):
                opened[match.group(1)] = (index, match.group(2))
            elif match.group(4) in opened:
                start, kind = opened.pop(match.group(4))
                spans.append((start, index, kind))
    tags = ["O"] * len(rows)
    for start, end, kind in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        propn = [i for i in range(start, end + 1) if rows[i][3] == "PROPN"]
        if kind not in GUM_NER_TYPES or not propn or rows[span_head(rows, start, end)][3] != "PROPN":
            continue
        first = last = propn[0]
        for i in range(first, end + 1):
            if rows[i][3] not in NAME_WORD_UPOS:
                break
            if rows[i][3] in ("PROPN", "NUM"):
                last = i
        if any(tag != "O" for tag in tags[first : last + 1]):
            continue
        label = GUM_NER_TYPES[kind]
        tags[first : last + 1] = ["B-" + label] + ["I-" + label] * (last - first)
    return tags


def span_head(rows: list[list[str]], start: int, end: int) -> int:
    """Index of the first token in rows[start..end] whose syntactic head lies outside the span."""
    ids = {rows[i][0] for i in range(start, end + 1)}
    return next((i for i in range(start, end + 1) if rows[i][6] not in ids), start)


def gum_ner_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences = []
    for _, rows in read_conllu(path):
        rows = flatten_sentence(rows)
        sentences.append(list(zip((r[1] for r in rows), gum_named_entities(rows), strict=True)))
    return sentences


def conllu_documents(path: Path, prefix: str = "") -> list[tuple[str, list[tuple[list[str], list[list[str]]]]]]:
    """The documents of a CoNLL-U file whose `# newdoc id` starts with prefix, as (id, sentences)."""
    documents: list[tuple[str, list]] = []
    for comments, rows in read_conllu(path):
        newdoc = next((c.split("=", 1)[1].strip() for c in comments if c.startswith("# newdoc")), None)
        if newdoc is not None:
            documents.append((newdoc, []))
        if documents:
            documents[-1][1].append((comments, rows))
    return [(doc_id, sentences) for doc_id, sentences in documents if doc_id.startswith(prefix)]


def gold_document(sentences: list[tuple[list[str], list[list[str]]]]):
    """A stanza Document with text, character offsets, gold parse and GUM's named entities as NER tags."""
    from stanza.utils.conll import CoNLL

    lines = []
    tags_by_sentence = []
    for comments, rows in sentences:
        rows = flatten_sentence(rows)
        tags_by_sentence.append(bioes(gum_named_entities(rows)))
        paragraph = [c for c in comments if c.startswith(("# newpar", "# newdoc"))]
        lines.extend(paragraph + [f"# text = {sentence_text(rows)}"])
        lines.extend("\t".join(r) for r in rows)
        lines.append("")
    document = CoNLL.conll2doc(input_str="\n".join(lines) + "\n", reconstruct_text=True)
    for sentence, tags in zip(document.sentences, tags_by_sentence, strict=True):
        for token, tag in zip(sentence.tokens, tags, strict=True):
            token.ner = tag
    document.build_ents()
    return document


def bioes(tags: list[str]) -> list[str]:
    """BIO tags to the BIOES tags stanza's entity builder reads."""
    out = []
    for index, tag in enumerate(tags):
        following = tags[index + 1] if index + 1 < len(tags) else "O"
        continues = following.startswith("I-")
        if tag.startswith("B-"):
            out.append(tag if continues else "S-" + tag[2:])
        elif tag.startswith("I-"):
            out.append(tag if continues else "E-" + tag[2:])
        else:
            out.append(tag)
    return out
