"""Phuean's NLU pipeline against Rasa's default (DIET), on the same data, in one run.

    python bench/nlu.py [--folds 5] [--messages 1000]

Prints intent macro-F1 (k-fold cross-validated, overall and per language), language-ID accuracy
on the held-out set in tests/data/langid/, parse latency p50/p99, training time, model size and
the serving process's peak resident memory. Every training and serving run happens in a fresh
subprocess so that one pipeline's imports or caches never flatter the other's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PARTIAL = ROOT / "var" / "bench-nlu.json"
PIPELINES = {
    "phuean": ROOT / "config.yml",
    "rasa default (DIET)": ROOT / "bench" / "configs" / "rasa_default.yml",
}
Example = dict[str, str]  # text, intent, language


# ---------------------------------------------------------------- data


def load_examples() -> list[Example]:
    from rasa.shared.importers.rasa import RasaFileImporter

    sys.path.insert(0, str(ROOT))
    from bot.nlu.training_labels import example_language

    importer = RasaFileImporter(training_data_paths=[str(ROOT / "data" / "nlu")])
    return [
        {"text": m.get("text"), "intent": m.get("intent"), "language": example_language(m) or ""}
        for m in importer.get_nlu_data().intent_examples
        if m.get("text")
    ]


def folds(examples: list[Example], k: int, seed: int = 42) -> list[list[int]]:
    """Stratified by (intent, language): every fold has a share of each intent in each language."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        groups[(example["intent"], example["language"])].append(index)
    result: list[list[int]] = [[] for _ in range(k)]
    rng = random.Random(seed)
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        for position, index in enumerate(members):
            result[position % k].append(index)
    return result


def write_nlu_yaml(examples: list[Example], path: Path) -> None:
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for example in examples:
        blocks[(example["intent"], example["language"])].append(example["text"])
    lines = ['version: "3.1"', "nlu:"]
    for (intent, language), texts in sorted(blocks.items()):
        lines += [
            f"- intent: {intent}",
            "  metadata:",
            f"    language: {language}",
            "  examples: |",
        ]
        lines += [f"    - {json.dumps(text, ensure_ascii=False)[1:-1]}" for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def langid_set() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted((ROOT / "tests" / "data" / "langid").glob("*.txt")):
        pairs += [(line, path.stem) for line in path.read_text().splitlines() if line.strip()]
    return pairs


# ---------------------------------------------------------------- workers (run in subprocesses)


def worker_train(config: str, data: str, out: str) -> dict[str, Any]:
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(config=config, nlu_data=data, output=out, fixed_model_name="bench")
    seconds = time.perf_counter() - started
    assert model, "training produced no model"
    return {"model": model, "train_s": seconds, "size_mb": Path(model).stat().st_size / 1e6}


def worker_serve(model: str, texts_file: str) -> dict[str, Any]:
    import asyncio
    import resource

    from rasa.core.agent import Agent

    texts: list[str] = json.loads(Path(texts_file).read_text())
    agent = Agent.load(model)

    async def run() -> tuple[list[dict[str, Any]], list[float]]:
        results, latencies = [], []
        for text in texts:
            started = time.perf_counter()
            results.append(await agent.parse_message(text))
            latencies.append(time.perf_counter() - started)
        return results, latencies

    results, latencies = asyncio.run(run())
    return {
        "intents": [r["intent"]["name"] for r in results],
        "languages": [(r.get("language") or {}).get("code") for r in results],
        "latencies": latencies,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_subprocess(function: str, *args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    with tempfile.TemporaryDirectory() as cache, tempfile.NamedTemporaryFile() as result:
        env["RASA_CACHE_DIRECTORY"] = cache  # no cross-run cache hits
        command = [sys.executable, __file__, "--worker", function, result.name, *args]
        subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return json.loads(Path(result.name).read_text())  # type: ignore[no-any-return]


# ---------------------------------------------------------------- evaluation


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, average="macro", labels=sorted(set(gold))))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cross_validate(
    name: str,
    config: Path,
    examples: list[Example],
    k: int,
    tmp: Path,
    *,
    on_fold: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """k-fold macro-F1; ``on_fold`` gets the scores over the folds done so far after each one."""
    predictions: dict[int, str] = {}
    scores: dict[str, Any] = {}
    for fold_number, test_indices in enumerate(folds(examples, k)):
        held_out = set(test_indices)
        train = [e for i, e in enumerate(examples) if i not in held_out]
        data = tmp / f"{name[:6]}-fold{fold_number}.yml"
        write_nlu_yaml(train, data)
        trained = in_subprocess("train", str(config), str(data), str(tmp / f"m-{fold_number}"))
        texts = tmp / "texts.json"
        texts.write_text(json.dumps([examples[i]["text"] for i in test_indices]))
        served = in_subprocess("serve", trained["model"], str(texts))
        predictions.update(zip(test_indices, (i or "" for i in served["intents"]), strict=True))
        scores = {**f1_scores(examples, predictions), "folds": f"{fold_number + 1}/{k}"}
        on_fold(scores)
        print(f"  {name}: fold {fold_number + 1}/{k} done", file=sys.stderr)
    return scores


def f1_scores(examples: list[Example], predictions: dict[int, str]) -> dict[str, Any]:
    """Macro-F1 overall and per language over the examples predicted so far."""
    done = sorted(predictions)
    per_language = {}
    for language in sorted({e["language"] for e in examples}):
        idx = [i for i in done if examples[i]["language"] == language]
        per_language[language] = macro_f1(
            [examples[i]["intent"] for i in idx], [predictions[i] for i in idx]
        )
    overall = macro_f1([examples[i]["intent"] for i in done], [predictions[i] for i in done])
    return {"overall": overall, "per_language": per_language}


def serve_full(config: Path, examples: list[Example], messages: int, tmp: Path) -> dict[str, Any]:
    data = tmp / "full.yml"
    write_nlu_yaml(examples, data)
    trained = in_subprocess("train", str(config), str(data), str(tmp / "full"))
    langid = langid_set()
    texts = [text for text, _ in langid]
    pool = [e["text"] for e in examples]
    texts += [pool[i % len(pool)] for i in range(max(0, messages - len(texts)))]
    (tmp / "serve.json").write_text(json.dumps(texts))
    served = in_subprocess("serve", trained["model"], str(tmp / "serve.json"))
    detected = served["languages"][: len(langid)]
    correct = sum(code == language for code, (_, language) in zip(detected, langid, strict=True))
    return {
        **trained,
        "p50_ms": median(served["latencies"]) * 1000,
        "p99_ms": percentile(served["latencies"], 0.99) * 1000,
        "parses": len(served["latencies"]),
        "peak_rss_mb": served["peak_rss_mb"],
        "langid": correct / len(langid) if any(detected) else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--report", action="store_true", help=f"print the table of {PARTIAL}")
    args = parser.parse_args()
    if args.report:
        print_table(json.loads(PARTIAL.read_text()))
        return

    examples = load_examples()
    print(
        f"{len(examples)} examples, {len({e['intent'] for e in examples})} intents, "
        f"{args.folds}-fold cross-validation",
        file=sys.stderr,
    )
    results: dict[str, dict[str, Any]] = {name: {} for name in PIPELINES}

    def save() -> None:
        PARTIAL.parent.mkdir(exist_ok=True)
        PARTIAL.write_text(json.dumps(results, indent=1))

    with tempfile.TemporaryDirectory() as directory:
        # Serving figures first (one training each), then the slow cross-validation, saving
        # after every step: a run cut short still leaves every figure it reached in PARTIAL.
        for name, config in PIPELINES.items():
            (Path(directory) / name.split()[0]).mkdir()
            results[name].update(serve_full(config, examples, args.messages, _tmp(directory, name)))
            save()
        for name, config in PIPELINES.items():

            def keep(scores: dict[str, Any], name: str = name) -> None:
                results[name]["cv"] = scores
                save()

            cross_validate(name, config, examples, args.folds, _tmp(directory, name), on_fold=keep)
    print_table(results)


def _tmp(directory: str, name: str) -> Path:
    return Path(directory) / name.split(maxsplit=1)[0]


def print_table(results: dict[str, dict[str, Any]]) -> None:
    ours, anchor = results["phuean"], results["rasa default (DIET)"]
    languages = sorted(ours["cv"]["per_language"])

    def row(label: str, a: str, b: str, note: str = "") -> None:
        print(f"| {label:<28} | {a:>12} | {b:>18} | {note:<16} |")

    print()
    row("metric", "phuean", "rasa default (DIET)", "phuean vs DIET")
    print(f"|{'-' * 30}|{'-' * 14}|{'-' * 20}|{'-' * 18}|")
    for label, key in [
        ("intent macro-F1 (all)", None),
        *((f"  macro-F1 {lang}", lang) for lang in languages),
    ]:
        a = ours["cv"]["overall"] if key is None else ours["cv"]["per_language"][key]
        b = anchor["cv"]["overall"] if key is None else anchor["cv"]["per_language"][key]
        row(label, f"{a:.3f}", f"{b:.3f}", f"{a - b:+.3f}")
    langid = ours["langid"]
    row("language-ID accuracy", f"{langid:.3f}" if langid is not None else "n/a", "n/a (none)")
    row(
        "parse p50 (ms)",
        f"{ours['p50_ms']:.2f}",
        f"{anchor['p50_ms']:.2f}",
        f"{anchor['p50_ms'] / ours['p50_ms']:.1f}x faster",
    )
    row(
        "parse p99 (ms)",
        f"{ours['p99_ms']:.2f}",
        f"{anchor['p99_ms']:.2f}",
        f"{anchor['p99_ms'] / ours['p99_ms']:.1f}x faster",
    )
    row(
        "training time (s)",
        f"{ours['train_s']:.1f}",
        f"{anchor['train_s']:.1f}",
        f"{anchor['train_s'] / ours['train_s']:.1f}x faster",
    )
    row("model size (MB)", f"{ours['size_mb']:.1f}", f"{anchor['size_mb']:.1f}")
    row("serving peak RSS (MB)", f"{ours['peak_rss_mb']:.0f}", f"{anchor['peak_rss_mb']:.0f}")
    print(
        f"\n(parse latency over {ours['parses']} messages; training time on all data; "
        f"cross-validation folds done: phuean {ours['cv']['folds']}, "
        f"DIET {anchor['cv']['folds']})"
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        function, result_path, *rest = sys.argv[2:]
        worker = worker_train if function == "train" else worker_serve
        outcome = worker(*rest)
        Path(result_path).write_text(json.dumps(outcome))
    else:
        main()
