"""Risk detection benchmark: ``python bench/risk.py`` (after ``make train``).

Runs the trained model's real NLU pipeline (normaliser, language identifier, tokeniser, intent
classifier, country extractor, risk detector) over the labelled set in ``tests/data/risk/`` and
prints, per language and per category, recall and false-positive rates, the confusion between
``urgent`` and the other levels, and what the risk detector adds to a parse: the same model is
run with and without the detector's graph node, interleaved, so both see the same machine load.

Targets (issue 5), checked per language: urgent recall >= 0.95, any-risk recall >= 0.90,
false-positive rate on hard negatives <= 0.10. ``tests/test_risk_quality.py`` asserts them.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: `python bench/risk.py`
    sys.path.insert(0, str(PROJECT_ROOT))

from bot.constants import (  # noqa: E402
    LANGUAGES,
    RISK_CATEGORIES,
    RISK_KEY,
    RISK_LEVELS,
    RISK_NONE,
    RISK_URGENT,
)

EVAL_DIR = PROJECT_ROOT / "tests" / "data" / "risk"
MODEL = PROJECT_ROOT / "var" / "models" / "phuean.tar.gz"
TARGETS = {"urgent_recall": 0.95, "risk_recall": 0.90, "negative_fp": 0.10}
_KINDS = ("report", "third_person", "question", "negation", "resolved", "joke", "neutral")


@dataclass(frozen=True)
class Example:
    language: str
    text: str
    level: str
    indicators: frozenset[str]
    kind: str
    zawgyi: bool = False


@dataclass(frozen=True)
class Prediction:
    level: str
    indicators: frozenset[str]
    intent: str | None = None


def load_examples(directory: Path = EVAL_DIR) -> list[Example]:
    """Every labelled message; a malformed entry is an error, not a silent skip."""
    examples = []
    for path in sorted(directory.glob("*.yml")):
        for number, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            where = f"{path.name} entry {number + 1}"
            if raw.get("level") not in RISK_LEVELS or raw.get("kind") not in _KINDS:
                raise ValueError(f"{where}: bad level or kind in {raw!r}")
            indicators = frozenset(raw.get("indicators") or [])
            if not indicators <= set(RISK_CATEGORIES):
                raise ValueError(f"{where}: unknown indicators {sorted(indicators)}")
            if (raw["level"] == RISK_NONE) != (not indicators):
                raise ValueError(f"{where}: level none if and only if no indicators")
            examples.append(
                Example(
                    path.stem,
                    str(raw["text"]),
                    raw["level"],
                    indicators,
                    raw["kind"],
                    bool(raw.get("zawgyi")),
                )
            )
    return examples


def prediction_from_parse(parse: dict[str, Any]) -> Prediction:
    risk = parse.get(RISK_KEY) or {}
    return Prediction(
        str(risk.get("level", RISK_NONE)),
        frozenset(risk.get("indicators") or []),
        (parse.get("intent") or {}).get("name"),
    )


@dataclass
class Scores:
    """Counts for one slice (a language, or everything); rates are derived from them."""

    urgent: int = 0
    urgent_found: int = 0
    risky: int = 0
    risky_found: int = 0
    negatives: int = 0
    negatives_flagged: int = 0
    confusion: Counter[tuple[str, str]] = dataclasses.field(default_factory=Counter)

    def add(self, example: Example, predicted: Prediction) -> None:
        self.confusion[(example.level, predicted.level)] += 1
        if example.level == RISK_URGENT:
            self.urgent += 1
            self.urgent_found += predicted.level == RISK_URGENT
        if example.level != RISK_NONE:
            self.risky += 1
            self.risky_found += predicted.level != RISK_NONE
        else:
            self.negatives += 1
            self.negatives_flagged += predicted.level != RISK_NONE

    @property
    def urgent_recall(self) -> float:
        return self.urgent_found / self.urgent if self.urgent else 1.0

    @property
    def risk_recall(self) -> float:
        return self.risky_found / self.risky if self.risky else 1.0

    @property
    def negative_fp(self) -> float:
        return self.negatives_flagged / self.negatives if self.negatives else 0.0

    def failures(self) -> list[str]:
        """Which targets this slice misses (empty when all hold)."""
        return [
            f"{name} {value:.3f}"
            for name, value, ok in (
                (
                    "urgent recall",
                    self.urgent_recall,
                    self.urgent_recall >= TARGETS["urgent_recall"],
                ),
                ("any-risk recall", self.risk_recall, self.risk_recall >= TARGETS["risk_recall"]),
                ("hard-negative FP", self.negative_fp, self.negative_fp <= TARGETS["negative_fp"]),
            )
            if not ok
        ]


def score(
    pairs: Iterable[tuple[Example, Prediction]],
) -> tuple[dict[str, Scores], dict[str, tuple[int, int, int, int]]]:
    """Scores per language ('all' too) and, per category, (positives, found, negatives, FPs)."""
    by_language: dict[str, Scores] = defaultdict(Scores)
    categories: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in RISK_CATEGORIES}
    for example, predicted in pairs:
        by_language[example.language].add(example, predicted)
        by_language["all"].add(example, predicted)
        for category, counts in categories.items():
            if category in example.indicators:
                counts[0] += 1
                counts[1] += category in predicted.indicators
            else:
                counts[2] += 1
                counts[3] += category in predicted.indicators
    return dict(by_language), {c: (v[0], v[1], v[2], v[3]) for c, v in categories.items()}


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "  -  "


def format_tables(
    by_language: dict[str, Scores], categories: dict[str, tuple[int, int, int, int]]
) -> str:
    lines = [
        "| language | msgs | urgent recall | any-risk recall | hard-neg FP | targets |",
        "|---|---|---|---|---|---|",
    ]
    for language in [*[lang for lang in LANGUAGES if lang in by_language], "all"]:
        s = by_language[language]
        total = sum(s.confusion.values())
        status = "ok" if not s.failures() else "MISS: " + ", ".join(s.failures())
        lines.append(
            f"| {language} | {total} | {_rate(s.urgent_found, s.urgent)} ({s.urgent}) "
            f"| {_rate(s.risky_found, s.risky)} ({s.risky}) "
            f"| {_rate(s.negatives_flagged, s.negatives)} ({s.negatives}) | {status} |"
        )
    lines += ["", "| category | labelled | recall | FP rate (other msgs) |", "|---|---|---|---|"]
    for category, (positives, found, negatives, flagged) in categories.items():
        lines.append(
            f"| {category} | {positives} | {_rate(found, positives)} "
            f"| {_rate(flagged, negatives)} |"
        )
    lines += ["", "Confusion, all languages (rows: labelled, columns: detected):", ""]
    lines += ["| labelled \\ detected | none | concern | urgent |", "|---|---|---|---|"]
    confusion = by_language["all"].confusion
    for gold in RISK_LEVELS:
        cells = " | ".join(str(confusion[(gold, found)]) for found in RISK_LEVELS)
        lines.append(f"| {gold} | {cells} |")
    return "\n".join(lines)


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Pipeline:
    """The trained model's NLU graph, with and without the risk detector's node."""

    def __init__(self, model: Path, workdir: Path) -> None:
        from rasa.engine.graph import ExecutionContext, GraphSchema
        from rasa.engine.runner.dask import DaskGraphRunner
        from rasa.engine.storage.local_model_storage import LocalModelStorage

        from bot.nlu.risk_detector import RiskDetector

        storage, metadata = LocalModelStorage.from_model_archive(workdir, model)
        self.target = metadata.nlu_target
        schema = metadata.predict_schema.minimal_graph_schema([self.target])
        risk_nodes = [name for name, node in schema.nodes.items() if node.uses is RiskDetector]
        if len(risk_nodes) != 1:
            raise RuntimeError(f"{model} has no RiskDetector in its pipeline: retrain it")
        risk_node = schema.nodes[risk_nodes[0]]
        rewired = {}
        for name, node in schema.nodes.items():
            if name == risk_nodes[0]:
                continue
            needs = {
                k: risk_node.needs["messages"] if v == risk_nodes[0] else v
                for k, v in node.needs.items()
            }
            rewired[name] = dataclasses.replace(node, needs=needs)
        without = GraphSchema(rewired)

        def runner(graph: GraphSchema) -> Any:
            return DaskGraphRunner.create(
                graph_schema=graph,
                model_storage=storage,
                execution_context=ExecutionContext(graph, metadata.model_id),
            )

        self.with_risk = runner(schema)
        self.without_risk = runner(without)
        self.risk_node = risk_nodes[0]

    def parse(self, text: str, with_risk: bool = True) -> dict[str, Any]:
        from rasa.core.channels.channel import UserMessage
        from rasa.shared.nlu.constants import INTENT, TEXT

        runner = self.with_risk if with_risk else self.without_risk
        results = runner.run(
            inputs={"__message__": [UserMessage(text)], "__tracker__": None},
            targets=[self.target],
        )
        message = results[self.target][0]
        parsed: dict[str, Any] = {TEXT: "", INTENT: {}}
        parsed.update(message.as_dict(only_output_properties=True))
        return parsed


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def latency_table(pipeline: Pipeline, texts: Sequence[str], rounds: int) -> str:
    with_ms: list[float] = []
    without_ms: list[float] = []
    for _ in range(rounds):
        for text in texts:  # interleaved, so both runs share the same machine load
            with_ms.append(timed(lambda t=text: pipeline.parse(t, with_risk=True)))  # type: ignore[misc]
            without_ms.append(timed(lambda t=text: pipeline.parse(t, with_risk=False)))  # type: ignore[misc]
    detector = _detector_only_ms(pipeline, texts, rounds)
    rows = [
        ("parse with risk detector", with_ms),
        ("parse without risk detector", without_ms),
        ("risk detector alone (process)", detector),
    ]
    lines = ["| ms per message | p50 | p99 | n |", "|---|---|---|---|"]
    lines += [
        f"| {name} | {percentile(ms, 0.5):.3f} | {percentile(ms, 0.99):.3f} | {len(ms)} |"
        for name, ms in rows
    ]
    added = percentile(with_ms, 0.5) - percentile(without_ms, 0.5)
    lines.append(f"| added to a parse (difference of p50s) | {added:.3f} | | |")
    return "\n".join(lines)


def _detector_only_ms(pipeline: Pipeline, texts: Sequence[str], rounds: int) -> list[float]:
    """The detector's own ``process`` on messages the rest of the pipeline has prepared."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.risk_detector import RiskDetector

    detector = RiskDetector.create(RiskDetector.get_default_config(), None, None, None)
    prepared = [Message(data=pipeline.parse(text, with_risk=False)) for text in texts]
    samples = []
    for _ in range(rounds):
        for message in prepared:
            samples.append(timed(lambda m=message: detector.process([m])))  # type: ignore[misc]
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--rounds", type=int, default=3, help="latency rounds over the set")
    parser.add_argument("--misses", action="store_true", help="list every wrong level")
    args = parser.parse_args(argv)
    examples = load_examples()
    with tempfile.TemporaryDirectory() as workdir:
        pipeline = Pipeline(args.model, Path(workdir))
        pairs = [(e, prediction_from_parse(pipeline.parse(e.text))) for e in examples]
        by_language, categories = score(pairs)
        print(f"Risk detection on {len(examples)} labelled messages ({EVAL_DIR})\n")
        print(format_tables(by_language, categories))
        if args.misses:
            print("\nMisses (language, kind, labelled -> detected, intent, text):")
            for example, predicted in pairs:
                if example.level != predicted.level:
                    print(
                        f"  {example.language} {example.kind:12} {example.level:7} -> "
                        f"{predicted.level:7} {predicted.intent}: {example.text}"
                    )
        print("\nLatency (same model, with and without the RiskDetector node):\n")
        print(latency_table(pipeline, [e.text for e in examples], args.rounds))
    failing = [lang for lang, s in by_language.items() if lang != "all" and s.failures()]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
