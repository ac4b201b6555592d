"""How long the safety screen takes to load and on one text: it must never slow the webhook.

    .venv/bin/python -m bench.safety [--rounds 300]

First the start-up: loading the screen (words and model) in a fresh process,
from the cache and compiled from the words, median of a few processes.
Then it screens 1,600-character texts of several kinds (ordinary chat, risk
buried in the middle, one letter repeated, emoji, txt-speak with digits for
letters, every safe idiom at once) and real one-segment texts (every corpus
line of 160 characters or fewer, in turn) after a warm-up, and prints the
median, p99 and worst wall time per text, the median and p99 CPU time (what
one idle core would take: on a busy shared machine wall time also counts
waiting for a core), and the load average while it ran. Targets: loading 150 ms or less;
p99 10 ms or less for 1,600 dense characters, 5 ms or less for one segment.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.machine import machine
from service.safety import screen
from service.safety.evaluate import load

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "safety" / "corpus.tsv"
LIMIT = 1600


def texts(rng):
    """{kind: a 1,600-character text}."""
    examples = load(CORPUS)
    safe = [e.text for e in examples if e.tier == "none"]
    risky = [e.text for e in examples if e.tier != "none"]
    # Chat the rules let pass is what the model scores (a crisis from the rules is not).
    plain = [e.text for e in examples if e.tier == "none" and e.category in ("everyday", "checkin")]

    def fill(pool, middle=None):
        words = []
        while len(" ".join(words)) < LIMIT:
            words.append(rng.choice(pool))
        if middle:
            words.insert(len(words) // 2, middle)
        return " ".join(words)[:LIMIT]

    return {
        "ordinary chat (safe corpus lines)": fill(safe),
        "everyday and check-in lines only": fill(plain),
        "risk buried in the middle": fill(safe, rng.choice(risky)),
        "risky lines only": fill(risky),
        "one letter": "a" * LIMIT,
        "spaced letters": "k i l l " * (LIMIT // 8),
        "emoji": "😀" * LIMIT,
        "digits as letters": "1 w4nn4 d13 2n1t3 " * (LIMIT // 18),
        "mixed scripts": ("日本語 русский مرحبا ελληνικά " * 60)[:LIMIT],
    }


_LOAD = """
import time
import service  # the app's own imports (Flask...) are not the screen's
start = time.perf_counter()
from service.safety.lexicon import lexicon
from service.safety.second_opinion import model
lexicon(); model()
print((time.perf_counter() - start) * 1000)
"""


def startup(processes=5):
    """Median ms to import and load the screen (words and model) in fresh processes:
    from the cache, then compiled."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env.pop("SAFETY_CACHE_DIR", None)

    def run(extra):
        times = []
        for _ in range(processes):
            out = subprocess.run(
                [sys.executable, "-c", _LOAD],
                cwd=root,
                env={**env, **extra},
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(out.stdout))
        return statistics.median(times)

    run({})  # writes the cache if the words changed
    print(f"load the screen (words and model), cached:   {run({}):7.1f} ms")
    print(f"load the screen, compiled (no cache):        {run({'SAFETY_CACHE_DIR': ''}):7.1f} ms")


def report(kind, texts_in_turn):
    """Screen each text, print median, p99 and worst wall time and median and p99 CPU;
    the last decision."""
    times, cpu = [], []
    for text in texts_in_turn:
        start, start_cpu = time.perf_counter(), time.process_time()
        decision = screen(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    cpu.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    cpu99 = cpu[int(len(cpu) * 0.99) - 1]
    print(
        f"{kind:<36} {statistics.median(times):7.3f}ms {p99:7.3f}ms "
        f"{times[-1]:7.3f}ms {statistics.median(cpu):7.3f}ms {cpu99:7.3f}ms",
        end="",
    )
    return decision


def main():
    """Time screen() per kind of text and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    print(machine())
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    startup()
    cases = texts(rng)
    screen("warm up the vocabulary")
    print(
        f"{'text (1,600 characters)':<36} {'median':>9} {'p99':>9} {'worst':>9} "
        f"{'cpu':>9} {'cpu p99':>9}  tier"
    )
    for kind, text in cases.items():
        screen(text)  # the first reading fills the word caches
        decision = report(kind, [text] * args.rounds)
        print(f"  {decision.tier}")
    # A fresh text each time: nothing cached from the round before.
    fresh = [
        " ".join(
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            for _ in range(260)
        )[:LIMIT]
        for _ in range(args.rounds)
    ]
    report("new random words every time", fresh)
    print()
    # Real texts: one segment each, every corpus line that fits, in turn.
    segments = [e.text for e in load(CORPUS) if len(e.text) <= 160]
    for text in segments:
        screen(text)
    in_turn = [segments[i % len(segments)] for i in range(max(args.rounds, len(segments)))]
    report(f"one segment ({len(segments)} corpus lines)", in_turn)
    print()
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
