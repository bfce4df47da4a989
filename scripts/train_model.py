"""Train quotetrack's compact English Stanza models from the open treebanks in ../shared/data.

Usage: python scripts/train_model.py [--shared ../shared] [--force] [--budget STAGE=MINUTES] [STAGE ...]

Stages run in order (data, vectors, tokenize, pos, lemma, depparse, ner); a stage whose model is already in
the output folder is skipped, so a run cut off at any moment is resumed by running the same command again
(the parser also resumes mid-stage from its own checkpoint, and its minutes add up over reruns, so raising its
budget continues it where it stopped). Every trainer is Stanza's own entry point, run in
a child process with two torch threads, a fixed seed and a wall-clock budget; Stanza saves the best dev model
as it goes, so a budget that runs out leaves the best model so far. Dev scores are logged with the minute they
were reached, which gives the accuracy-against-training-minutes curve in the model card.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from quotetrack.treebank import gum_ner_sentences, read_conllu, write_flat_treebank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "src" / "quotetrack" / "models" / "en_compact"
WORK_DIR = ROOT / "build" / "model"
SEED = 1234
THREADS = 2

# Minutes of wall clock each trainer may use (the total is the 150-minute budget, less data prep).
# The parser continued to 75 minutes (--budget depparse=75) parsed EWT better but PolNeAR attributions worse
# (model card), so the shipped parser is the 45-minute one.
STAGE_MINUTES = {"tokenize": 12, "pos": 28, "lemma": 8, "depparse": 45, "ner": 20}
UNER_REPEATS = 3
# Trainers that continue from their own checkpoint: their minutes add up over reruns, so a raised budget extends them.
RESUMABLE = {"depparse"}



# ---------------------------------------------------------------------------------------------- data


def bio_sentences(path: Path, token_column: int, tag_column: int) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) from a whitespace-separated BIO file; MISC becomes O (we tag PER/ORG/LOC)."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            fields = line.split("\t")
            tag = fields[tag_column]
            if tag.endswith("MISC"):
                tag = "O"
            token = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}.get(fields[token_column], fields[token_column])
            current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def write_ner_json(sentences: list[list[tuple[str, str]]], path: Path) -> None:
    document = [[{"text": token, "ner": tag} for token, tag in sentence] for sentence in sentences]
    path.write_text(json.dumps(document), encoding="utf-8")


def stage_data(shared: Path, log) -> None:
    ud = shared / "data" / "ud"
    data = WORK_DIR / "data"
    data.mkdir(parents=True, exist_ok=True)
    ewt, gum = ud / "en_ewt", ud / "en_gum"
    sets = {
        "train": [ewt / "en_ewt-ud-train.conllu", gum / "en_gum-ud-train.conllu"],
        "dev": [ewt / "en_ewt-ud-dev.conllu"],
    }
    for name, sources in sets.items():
        n = write_flat_treebank(sources, data / f"{name}.conllu", data / f"{name}.txt")
        log(f"data: {name} {n} sentences")
        from stanza.utils.datasets import prepare_tokenizer_data

        prepare_tokenizer_data.main(
            [str(data / f"{name}.txt"), str(data / f"{name}.conllu"), "-o", str(data / f"{name}.toklabels"),
             "-m", str(data / f"{name}-mwt.json")]
        )
    train_ner = gum_ner_sentences(gum / "en_gum-ud-train.conllu")
    # UNER EWT dev is the only hand-labelled text of the NER test's kind (web English): seen three times per epoch.
    train_ner += bio_sentences(ud / "uner_en_ewt" / "en_ewt-ud-dev.iob2", 1, 2) * UNER_REPEATS
    train_ner += bio_sentences(shared / "data" / "ner" / "polnear_train_corenlp.bio", 0, 1)
    write_ner_json(train_ner, data / "ner-train.json")
    write_ner_json(gum_ner_sentences(gum / "en_gum-ud-dev.conllu"), data / "ner-dev.json")
    log(f"data: ner train {len(train_ner)} sentences")
    (data / "DONE").write_text("ok")


def stage_vectors(shared: Path, log) -> None:
    """100-d word2vec vectors on EWT+GUM train and the PolNeAR train texts, as a Stanza pretrain file."""
    from gensim.models import Word2Vec

    sentences = []
    for _, rows in read_conllu(WORK_DIR / "data" / "train.conllu"):
        sentences.append([r[1] for r in rows])
    with open(shared / "data" / "ner" / "polnear_train_corenlp.bio", encoding="utf-8") as handle:
        current = []
        for line in handle:
            if line.startswith("#"):
                continue
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
            else:
                current.append(line.split("\t")[0])
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=3, workers=THREADS, seed=SEED, epochs=10)
    text_path = WORK_DIR / "vectors.txt"
    model.wv.save_word2vec_format(str(text_path))
    from stanza.models.common.pretrain import Pretrain

    pretrain = Pretrain(str(MODEL_DIR / "pretrain.pt"), str(text_path), max_vocab=40000)
    pretrain.load()
    log(f"vectors: {len(pretrain.vocab)} words, {len(sentences)} sentences")


# ---------------------------------------------------------------------------------------------- training


def minutes_spent(name: str) -> float:
    """Training minutes a resumable trainer has already used in earlier runs (0 for the others)."""
    path = WORK_DIR / f"{name}.minutes"
    return float(path.read_text()) if name in RESUMABLE and path.exists() else 0.0


def run_trainer(module: str, args: list[str], minutes: float, log, name: str) -> None:
    """Run a Stanza training entry point in a child process, logging its lines with cumulative minutes."""
    command = [sys.executable, str(Path(__file__).resolve()), "_child", module, *args]
    env = dict(os.environ, OMP_NUM_THREADS=str(THREADS), MKL_NUM_THREADS=str(THREADS))
    spent = minutes_spent(name)
    if spent:
        log(f"{name}: continuing from its checkpoint after {spent:.1f} of {minutes} minutes")
    start = time.monotonic() - spent * 60
    curve_path = WORK_DIR / f"{name}.curve.jsonl"
    log_path = WORK_DIR / f"{name}.log"
    with open(log_path, "a", encoding="utf-8") as raw_log, open(curve_path, "a", encoding="utf-8") as curve:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        for line in process.stdout:
            elapsed = (time.monotonic() - start) / 60
            raw_log.write(f"[{elapsed:7.2f}] {line}")
            raw_log.flush()
            (WORK_DIR / f"{name}.minutes").write_text(f"{elapsed:.2f}")
            score = dev_score(line)
            if score is not None:
                point = {"minutes": round(elapsed, 2), "dev": score, "line": line.strip()[-160:]}
                curve.write(json.dumps(point) + "\n")
                curve.flush()
            if elapsed > minutes:
                log(f"{name}: budget of {minutes} minutes reached, stopping (best dev model is saved)")
                process.terminate()
                break
        process.wait()
    log(f"{name}: trainer ended at {(time.monotonic() - start) / 60:.1f} min, exit {process.returncode}")


DEV_SCORE_PATTERNS = [
    re.compile(r"dev_score = ([0-9.]+)"),
    re.compile(r"Dev score: +([0-9.]+)"),
    re.compile(r"dev_score ([0-9.]+)"),
    re.compile(r"Dev (?:set )?score(?: =|:)? ?([0-9.]+)"),
]


def dev_score(line: str) -> float | None:
    for pattern in DEV_SCORE_PATTERNS:
        match = pattern.search(line)
        if match:
            value = float(match.group(1).rstrip("."))
            return value if value > 1 else value * 100
    return None


def child(module: str, args: list[str]) -> None:
    """Entry point of the training child: patch the Bilinear head, fix threads, run the Stanza module."""
    import torch

    torch.set_num_threads(THREADS)
    from stanza.models.common import biaffine

    def einsum_forward(self, input1, input2):
        # nn.Bilinear's backward pass is ~35x slower on this CPU; same weights, same product, via einsum.
        input1 = torch.cat([input1, input1.new_ones(*input1.size()[:-1], 1)], -1)
        input2 = torch.cat([input2, input2.new_ones(*input2.size()[:-1], 1)], -1)
        weight = self.W_bilin.weight
        return torch.einsum("...i,oij,...j->...o", input1, weight, input2) + self.W_bilin.bias

    biaffine.BiaffineScorer.forward = einsum_forward
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__")


def common_args(name: str) -> list[str]:
    return ["--save_dir", str(MODEL_DIR), "--save_name", f"{name}.pt", "--seed", str(SEED), "--cpu"]


def stage_tokenize(log) -> None:
    data = WORK_DIR / "data"
    args = [
        "--txt_file", str(data / "train.txt"), "--label_file", str(data / "train.toklabels"),
        "--mwt_json_file", str(data / "train-mwt.json"),
        "--dev_txt_file", str(data / "dev.txt"), "--dev_label_file", str(data / "dev.toklabels"),
        "--dev_conll_gold", str(data / "dev.conllu"), "--conll_file", str(WORK_DIR / "tokenize-dev-pred.conllu"),
        "--lang", "en", "--shorthand", "en_compact", "--mode", "train", "--no_use_mwt",
        "--max_seqlen", "300", "--steps", "6000", "--eval_steps", "500", "--anneal_after", "3000",
    ] + common_args("tokenizer")
    run_trainer("stanza.models.tokenizer", args, STAGE_MINUTES["tokenize"], log, "tokenize")


def stage_pos(log) -> None:
    data = WORK_DIR / "data"
    args = [
        "--train_file", str(data / "train.conllu"), "--eval_file", str(data / "dev.conllu"),
        "--output_file", str(WORK_DIR / "pos-dev-pred.conllu"),
        "--wordvec_pretrain_file", str(MODEL_DIR / "pretrain.pt"),
        "--lang", "en", "--shorthand", "en_compact", "--mode", "train",
        "--char_hidden_dim", "200", "--max_steps", "20000", "--eval_interval", "300",
        "--max_steps_before_stop", "3000", "--batch_size", "64",
    ] + common_args("pos")
    run_trainer("stanza.models.tagger", args, STAGE_MINUTES["pos"], log, "pos")


def stage_lemma(log) -> None:
    data = WORK_DIR / "data"
    args = [
        "--train_file", str(data / "train.conllu"), "--eval_file", str(data / "dev.conllu"),
        "--output_file", str(WORK_DIR / "lemma-dev-pred.conllu"),
        "--shorthand", "en_compact", "--mode", "train", "--num_epoch", "6", "--decay_epoch", "3",
        "--hidden_dim", "128", "--batch_size", "100",
    ] + common_args("lemma")
    run_trainer("stanza.models.lemmatizer", args, STAGE_MINUTES["lemma"], log, "lemma")


def stage_depparse(log) -> None:
    data = WORK_DIR / "data"
    args = [
        "--train_file", str(data / "train.conllu"), "--eval_file", str(data / "dev.conllu"),
        "--output_file", str(WORK_DIR / "depparse-dev-pred.conllu"),
        "--wordvec_pretrain_file", str(MODEL_DIR / "pretrain.pt"),
        "--lang", "en", "--shorthand", "en_compact", "--mode", "train",
        "--hidden_dim", "256", "--num_layers", "2", "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "256",
        "--max_steps", "8000", "--eval_interval", "250", "--checkpoint_interval", "250",
        "--second_optim_start_step", "1250", "--batch_size", "3000",
        "--checkpoint_save_name", str(WORK_DIR / "depparse_checkpoint.pt"),
    ] + common_args("depparse")
    run_trainer("stanza.models.parser", args, STAGE_MINUTES["depparse"], log, "depparse")


def stage_ner(log) -> None:
    data = WORK_DIR / "data"
    args = [
        "--train_file", str(data / "ner-train.json"), "--eval_file", str(data / "ner-dev.json"),
        "--wordvec_pretrain_file", str(MODEL_DIR / "pretrain.pt"),
        "--shorthand", "en_compact", "--mode", "train", "--scheme", "bioes",
        "--hidden_dim", "192", "--max_steps", "12000", "--eval_interval", "500", "--max_steps_no_improve", "3000",
    ] + common_args("ner")
    run_trainer("stanza.models.ner_tagger", args, STAGE_MINUTES["ner"], log, "ner")


def stage_compact(log) -> None:
    """Store every model's float weights as float16 (Stanza casts them back on load): half the size."""
    import torch

    for name in ("tokenizer", "pos", "lemma", "depparse", "ner"):
        path = MODEL_DIR / f"{name}.pt"
        checkpoint = torch.load(path, map_location="cpu", weights_only=False)
        checkpoint.pop("optimizer", None)
        for key, value in checkpoint["model"].items():
            if torch.is_tensor(value) and value.dtype == torch.float32:
                checkpoint["model"][key] = value.half()
        before = path.stat().st_size
        torch.save(checkpoint, path)
        log(f"compact: {name}.pt {before / 1e6:.1f} MB -> {path.stat().st_size / 1e6:.1f} MB")
    (WORK_DIR / "compact.marker").write_text("ok")


def write_curves(log) -> None:
    """Collect each trainer's dev curve (minutes, dev score) into the model folder for the model card."""
    curves = {}
    for name in ("tokenize", "pos", "lemma", "depparse", "ner"):
        path = WORK_DIR / f"{name}.curve.jsonl"
        if path.exists():
            points = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            curves[name] = [{"minutes": p["minutes"], "dev": p["dev"]} for p in points]
    done = {
        stage: json.loads((WORK_DIR / f"{stage}.done").read_text())
        for stage in STAGES
        if (WORK_DIR / f"{stage}.done").exists()
    }
    (MODEL_DIR / "training.json").write_text(json.dumps({"curves": curves, "stages": done}, indent=1))
    log(f"curves written for {', '.join(curves)}")


STAGES = ["data", "vectors", "tokenize", "pos", "lemma", "depparse", "ner", "compact"]
OUTPUTS = {
    "data": WORK_DIR / "data" / "DONE",
    "vectors": MODEL_DIR / "pretrain.pt",
    "tokenize": MODEL_DIR / "tokenizer.pt",
    "pos": MODEL_DIR / "pos.pt",
    "lemma": MODEL_DIR / "lemma.pt",
    "depparse": MODEL_DIR / "depparse.pt",
    "ner": MODEL_DIR / "ner.pt",
    "compact": WORK_DIR / "compact.marker",
}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_child":
        child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--force", action="store_true", help="retrain the named stages even if done")
    parser.add_argument("--budget", action="append", default=[], metavar="STAGE=MINUTES",
                        help="override a trainer's wall-clock budget, e.g. --budget ner=20")
    parser.add_argument("stages", nargs="*", default=STAGES)
    options = parser.parse_args()
    for item in options.budget:
        stage, minutes = item.split("=")
        STAGE_MINUTES[stage] = float(minutes)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
        print(line, flush=True)
        with open(WORK_DIR / "train.log", "a", encoding="utf-8") as run_log:
            run_log.write(line + "\n")

    for stage in STAGES:
        if stage not in options.stages:
            continue
        done = WORK_DIR / f"{stage}.done"
        extend = not options.force and stage in RESUMABLE and minutes_spent(stage) < STAGE_MINUTES[stage] - 1
        if done.exists() and not options.force and not extend:
            log(f"{stage}: done already, skipping")
            continue
        if stage != "compact":
            (WORK_DIR / "compact.done").unlink(missing_ok=True)
        if not extend:  # the trainer starts afresh: no curve, minutes or checkpoint of an earlier run
            (WORK_DIR / f"{stage}.curve.jsonl").unlink(missing_ok=True)
        if options.force and stage in RESUMABLE:
            (WORK_DIR / f"{stage}.minutes").unlink(missing_ok=True)
            (WORK_DIR / f"{stage}_checkpoint.pt").unlink(missing_ok=True)
        log(f"{stage}: starting")
        started = time.monotonic()
        if stage == "data":
            stage_data(options.shared, log)
        elif stage == "vectors":
            stage_vectors(options.shared, log)
        else:
            globals()[f"stage_{stage}"](log)
        if not OUTPUTS[stage].exists():
            raise SystemExit(f"{stage}: no model was written; see {WORK_DIR / (stage + '.log')}")
        minutes = minutes_spent(stage) or (time.monotonic() - started) / 60
        done.write_text(json.dumps({"minutes": round(minutes, 2), "finished": time.strftime("%Y-%m-%d %H:%M")}))
        log(f"{stage}: finished in {minutes:.1f} min")
    write_curves(log)


if __name__ == "__main__":
    main()
