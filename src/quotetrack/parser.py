"""Inference for Stanza's graph parser that labels only the arcs of the trees it decodes.

Stanza's `GraphParser.predict` scores every relation for every pair of words of a batch (an N x L x L x 51 tensor
from a 257 x 257 x 51 bilinear form, padded to the batch's longest sentence), takes its log-softmax and copies
both to numpy, and then reads one label per word: the one of the arc to the head the tree search chose. On the
selected sentences of 24 PolNeAR dev articles that pairwise product was 7.4 of the parser's 11.7 s. Here the
trees are decoded from the same arc scores, as before, and the relation scores are computed only for the arc
each word's tree gives it: the same bilinear form, on as many rows as there are words.
"""

from __future__ import annotations

LABEL_CHUNK = 512  # arcs labelled per matrix product (512 x 257 x 13,107 floats: about 27 MB at a time)


def labelled_predict(model, word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma, head,
                     deprel, word_orig_idx, sentlens, wordlens, text, resolve_head_constraints=False):
    """`GraphParser.predict` with relation scores for the decoded arcs only: [[head, deprel], ...] per sentence."""
    import torch
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse import model as parser_model

    with torch.no_grad():
        lstm_outputs = model.embed(word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma,
                                   head, deprel, word_orig_idx, sentlens, wordlens, text)
        arc_scores = arc_log_probs(model, lstm_outputs, word, head)
        trees = [parser_model.chuliu_edmonds_one_root(arc_scores[i][:length, :length])
                 for i, length in enumerate(sentlens)]
        labels = arc_labels(model.deprel, lstm_outputs, trees)
    vocab = model.vocab["deprel"]
    predictions, start = [], 0
    for i, length in enumerate(sentlens):
        heads = trees[i][1:]
        relations = vocab.unmap([int(label) + VOCAB_PREFIX_SIZE for label in labels[start:start + length - 1]])
        predictions.append([[int(h), relation] for h, relation in zip(heads, relations, strict=True)])
        start += length - 1
    return predictions


def arc_log_probs(model, lstm_outputs, word, head):
    """The log-probabilities of every head for every word, exactly as `GraphParser.forward_scores` and `forward`
    compute them in evaluation (the unlabeled scorer, plus linearization and distance where the model has them)."""
    import torch
    import torch.nn.functional as F

    unlabeled_scores = model.unlabeled(model.drop(lstm_outputs), model.drop(lstm_outputs)).squeeze(3)
    head_offset = None
    if model.args["linearization"] or model.args["distance"]:
        positions = torch.arange(word.size(1), device=head.device)
        head_offset = (positions.view(1, 1, -1).expand(word.size(0), -1, -1)
                       - positions.view(1, -1, 1).expand(word.size(0), -1, -1))
    if model.args["linearization"]:
        lin_scores = model.linearization(model.drop(lstm_outputs), model.drop(lstm_outputs)).squeeze(3)
        unlabeled_scores += F.logsigmoid(lin_scores * torch.sign(head_offset).float()).detach()
    if model.args["distance"]:
        dist_scores = model.distance(model.drop(lstm_outputs), model.drop(lstm_outputs)).squeeze(3)
        dist_pred = 1 + F.softplus(dist_scores)
        dist_target = torch.abs(head_offset)
        unlabeled_scores += (-torch.log((dist_target.float() - dist_pred) ** 2 / 2 + 1)).detach()
    diag = torch.eye(head.size(-1) + 1, dtype=torch.bool, device=head.device).unsqueeze(0)
    unlabeled_scores.masked_fill_(diag, -float("inf"))
    return F.log_softmax(unlabeled_scores, 2).detach().cpu().numpy()


def arc_labels(scorer, lstm_outputs, trees):
    """The best relation (an index into the scorer's outputs) of the arc from each word to its head in `trees`
    (tree[w] heads word w; position 0 is the root), sentence after sentence: `scorer` is the parser's
    DeepBiaffineScorer, applied to the chosen (word, head) pairs only."""
    import torch

    rows = [(i, w) for i, tree in enumerate(trees) for w in range(1, len(tree))]
    if not rows:
        return torch.zeros(0, dtype=torch.long)
    sentence = torch.tensor([i for i, _ in rows])
    dependents = lstm_outputs[sentence, torch.tensor([w for _, w in rows])]
    heads = lstm_outputs[sentence, torch.tensor([int(trees[i][w]) for i, w in rows])]
    first = scorer.hidden_func(scorer.W1(dependents))
    second = scorer.hidden_func(scorer.W2(heads))
    first = torch.cat([first, first.new_ones(len(rows), 1)], 1)
    second = torch.cat([second, second.new_ones(len(rows), 1)], 1)
    bilinear = scorer.scorer.W_bilin
    weight = bilinear.weight.reshape(bilinear.input1_size, -1)  # I x (J * O)
    labels = []
    for start in range(0, len(rows), LABEL_CHUNK):
        left = first[start:start + LABEL_CHUNK] @ weight  # arcs x (J * O)
        scores = torch.einsum("AJO,AJ->AO", left.view(-1, bilinear.input2_size, bilinear.output_size),
                              second[start:start + LABEL_CHUNK]) + bilinear.bias
        labels.append(scores.argmax(1))
    return torch.cat(labels)


def use_labelled_predict() -> None:
    """Route Stanza's graph parser's predict through `labelled_predict` (models without arc embeddings, and
    without the head-constraint repair, which reads every arc's label scores)."""
    from stanza.models.depparse.model import GraphParser

    if getattr(GraphParser.predict, "quotetrack", False):
        return
    stock = GraphParser.predict

    def predict(self, *inputs, resolve_head_constraints=False):
        if resolve_head_constraints or self.args.get("use_arc_embedding") or self.training:
            return stock(self, *inputs, resolve_head_constraints=resolve_head_constraints)
        return labelled_predict(self, *inputs)

    predict.quotetrack = True
    predict.stock = stock
    GraphParser.predict = predict
