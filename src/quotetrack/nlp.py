"""Model resolution and the Stanza pipeline: built once per process, fed many documents per call.

`--model bundled` (default) is the compact model shipped in the package; `--model official` is Stanza's own
English package from STANZA_RESOURCES_DIR; any other value is a folder laid out like the bundled one.
Selective parsing runs tokenize/pos/lemma/ner on every sentence and the dependency parser, the costly part,
only on the sentences that can hold an attribution (quote marks, a colon, a speech verb, "according to").
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotetrack import limits, parser
from quotetrack.lexicon import LEXICON
from quotetrack.threads import prefer_passive_waiting, set_threads

# Here, as torch and stanza load only when this module's pipelines are built (libgomp reads it as torch loads).
prefer_passive_waiting()

BUNDLED_DIR = Path(__file__).parent / "models" / "en_compact"
PROCESSORS = ("tokenize", "pos", "lemma", "depparse", "ner")
# NER runs everywhere (names anywhere feed coreference, and it is cheap); the parser only where it can matter.
CHEAP = ("tokenize", "pos", "lemma", "ner")
COSTLY = ("depparse",)
# Files of a model folder laid out like the bundled one.
MODEL_FILES = {
    "tokenize_model_path": "tokenizer.pt",
    "pos_model_path": "pos.pt",
    "lemma_model_path": "lemma.pt",
    "depparse_model_path": "depparse.pt",
    "ner_model_path": "ner.pt",
    "pos_pretrain_path": "pretrain.pt",
    "depparse_pretrain_path": "pretrain.pt",
    "ner_pretrain_path": "pretrain.pt",
}
# The inference settings that ship (the model card says so): int8 dynamic quantization of LSTM and Linear layers,
# and a parser that labels only the arcs of the trees it decodes (quotetrack.parser), not every pair of words.
QUANTIZE = True
LABEL_DECODED_ARCS = True
# Sentences worth a parse: a quote mark, "according to", or any form of a cue verb from the lexicon.
ATTRIBUTION_HINT = re.compile(
    r"[\"“”„«»:]|''|``|\baccording to\b|\b(?:" + "|".join(sorted(LEXICON.cue_forms, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


class ModelNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class ModelChoice:
    name: str  # "bundled", "official" or a folder path
    paths: dict[str, str] = field(default_factory=dict)
    resources_dir: str | None = None

    @property
    def label(self) -> str:
        return "en_compact" if self.name == "bundled" else self.name


def resolve_model(model: str = "bundled") -> ModelChoice:
    """Where the model files are; raises ModelNotFound with the command that fetches them."""
    if model == "official":
        resources = os.environ.get("STANZA_RESOURCES_DIR", str(Path.home() / "stanza_resources"))
        if not (Path(resources) / "en").is_dir():
            raise ModelNotFound(
                f"Stanza's official English models are not in {resources}. "
                "Fetch them with: quotetrack models download --lang en  (needs network access)"
            )
        return ModelChoice("official", {}, resources)
    folder = BUNDLED_DIR if model == "bundled" else Path(model)
    missing = sorted({name for name in MODEL_FILES.values() if not (folder / name).exists()})
    if missing:
        raise ModelNotFound(f"model folder {folder} lacks {', '.join(missing)}; "
                            "train the bundled model with: python scripts/train_model.py")
    return ModelChoice(model, {key: str(folder / name) for key, name in MODEL_FILES.items()})


def build_pipeline(choice: ModelChoice, processors: tuple[str, ...] = PROCESSORS, pretokenized: bool = False,
                   quantize: bool = False):
    """A stanza Pipeline for the chosen models that never touches the network; int8 weights with `quantize`."""
    pipeline = _build_pipeline(choice, processors, pretokenized)
    if quantize:
        quantize_models(pipeline)
    return pipeline


def quantize_models(pipeline) -> None:
    """int8 weights for the LSTM and Linear layers of every processor's model, in place (dynamic quantization:
    activations stay float and are quantized on the fly, for CPU inference)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():  # torch 2.13 announces torch.ao.quantization's move to torchao on every call
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*quantized tensor creation functions.*", category=UserWarning)
        for processor in pipeline.processors.values():
            for trainer in getattr(processor, "trainers", None) or [processor.trainer]:
                model = getattr(trainer, "model", None)
                if isinstance(model, torch.nn.Module):
                    quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8, inplace=True)


def _build_pipeline(choice: ModelChoice, processors: tuple[str, ...], pretokenized: bool):
    import stanza

    if "depparse" in processors:
        _use_fast_tree_search()
        if LABEL_DECODED_ARCS:
            parser.use_labelled_predict()

    options = dict(lang="en", processors=",".join(processors), download_method=None, use_gpu=False,
                   logging_level="ERROR", tokenize_pretokenized=pretokenized)
    if "depparse" in processors and "pos" not in processors:
        options["depparse_pretagged"] = True  # the parse step of selective parsing gets tagged sentences
    if choice.name == "official":
        options["dir"] = choice.resources_dir
        return stanza.Pipeline(**options)
    wanted = {p: True for p in processors}
    paths = {k: v for k, v in choice.paths.items() if k.split("_")[0] in wanted}
    folder = Path(next(iter(choice.paths.values()))).parent
    with _empty_resources_dir(folder) as resources:
        return stanza.Pipeline(dir=str(resources), **options, **paths)


def one_root_tree(scores):
    """The single-root dependency tree Stanza's parser decodes from `scores` (scores[x][y]: y heads x).

    Stanza reweights the root arcs so that its maximum spanning tree search can only pick one root, which makes
    the search contract cycles even when the best tree needs none. Here the best tree is searched for first as it
    is: the best head of every word if those form a tree, else the unconstrained search; a best tree with one root
    is the best one-root tree, exactly what Stanza's search returns. Only a best tree with several roots goes to
    Stanza's search (140 of the 887 sentences of the first 24 PolNeAR dev articles; 0.73 s for the 887, not 2.13 s)."""
    import numpy as np
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds, chuliu_edmonds_one_root, prepare_scores

    best = scores.astype(np.float64)  # a copy, as Stanza's search makes
    prepare_scores(best)  # no self-loops, the root heads nothing
    heads = np.argmax(best, axis=1)
    ancestors = heads.copy()
    for _ in range(max(1, int(len(heads)).bit_length())):
        ancestors = ancestors[ancestors]  # pointer doubling: every chain reaches the root unless it cycles
    tree = heads if not ancestors.any() else chuliu_edmonds(best)
    if np.count_nonzero(tree[1:] == 0) == 1:
        return tree
    return chuliu_edmonds_one_root(scores)


def _use_fast_tree_search() -> None:
    from stanza.models.depparse import model

    model.chuliu_edmonds_one_root = one_root_tree


@contextlib.contextmanager
def _empty_resources_dir(folder: Path) -> Iterator[Path]:
    """A folder with the resources.json Stanza wants (an empty one is enough when every model path is given).

    Unless the model folder has one, a fresh folder private to this call: made by mkdtemp (mode 0700, never an
    existing path or a planted symlink), removed on leaving, as Stanza reads it only while building a pipeline;
    worker processes building theirs at the same moment each have their own.
    """
    if (folder / "resources.json").exists():
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="quotetrack-stanza-resources-") as private:
        (Path(private) / "resources.json").write_text("{}")
        yield Path(private)


@dataclass
class StageTimer:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] += seconds


class Analyzer:
    """Turns texts into stanza Documents; the Stanza pipelines are built once, on first use."""

    def __init__(self, model: str = "bundled", parse: str = "selective", threads: int = 2,
                 quantize: bool | None = None):
        self.choice = resolve_model(model)
        self.parse = parse
        self.threads = threads
        self.quantize = QUANTIZE if quantize is None else quantize
        self.timer = StageTimer()
        self._cheap = None
        self._costly = None
        self._full = None

    @property
    def description(self) -> str:
        from quotetrack import __version__

        weights = "; int8 weights" if self.quantize else ""
        return f"quotetrack {__version__}; stanza model {self.choice.label}{weights}; parse {self.parse}"

    def _pipelines(self):
        if self._cheap is None and self._full is None:
            set_threads(self.threads)
            if self.parse == "all":
                self._full = self._timed(build_pipeline(self.choice, quantize=self.quantize))
            else:
                self._cheap = self._timed(build_pipeline(self.choice, CHEAP, quantize=self.quantize))
                self._costly = self._timed(build_pipeline(self.choice, ("tokenize",) + COSTLY, pretokenized=True,
                                                          quantize=self.quantize))

    def _timed(self, pipeline):
        """Time each processor of the pipeline separately (the benchmark reports them)."""
        for name, processor in pipeline.processors.items():
            active = [False]  # bulk_process may call process: count the outer call only
            for method in ("process", "bulk_process"):
                original = getattr(processor, method)

                def timed(*args, _original=original, _name=name, _active=active, **kwargs):
                    if _active[0]:
                        return _original(*args, **kwargs)
                    _active[0] = True
                    started = time.perf_counter()
                    try:
                        return _original(*args, **kwargs)
                    finally:
                        _active[0] = False
                        self.timer.add(f"stanza {_name}", time.perf_counter() - started)

                setattr(processor, method, timed)
        return pipeline

    def analyze(self, texts: list[str]) -> list:
        """stanza Documents for many texts at once (bulk processing); raises limits.TextTooLong for a text over budget.

        Sentences are cut to limits.MAX_SENTENCE_TOKENS between the tokenizer and the tagger, so that no processor
        after the tokenizer sees a longer one.
        """
        import stanza

        for text in texts:
            limits.check_text(text)
        self._pipelines()
        pipeline = self._full or self._cheap
        documents = pipeline.bulk_process([stanza.Document([], text=text) for text in texts], processors="tokenize")
        documents = [limits.cap_sentences(document) for document in documents]
        documents = pipeline.process(documents, processors=[name for name in pipeline.processors if name != "tokenize"])
        if self.parse != "all":
            self._parse_selected(documents)
        return documents

    def _parse_selected(self, documents: list) -> None:
        """Run the parser on the selected sentences of every document, in one bulk call, in place."""
        from stanza.models.common.doc import Document

        chosen = [document.sentences[i] for document in documents for i in selected_sentences(document)]
        if not chosen:
            return
        # The selected sentences themselves, gathered in one document the parser annotates in place; straight to
        # the costly processors, as the pipeline's pretokenized tokenizer would deep-copy what it is given.
        gathered = Document([])
        gathered.sentences = chosen
        gathered.num_tokens = sum(len(sentence.tokens) for sentence in chosen)
        gathered.num_words = sum(len(sentence.words) for sentence in chosen)
        for name, processor in self._costly.processors.items():
            if name != "tokenize":
                processor.bulk_process([gathered])


def selected_sentences(document) -> list[int]:
    """Sentences that can hold an attribution: a quote mark, a colon, a cue verb of the lexicon or "according to"."""
    return [i for i, sentence in enumerate(document.sentences) if ATTRIBUTION_HINT.search(sentence.text)]
