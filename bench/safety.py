"""How long the safety screen takes on one long text: it must never slow the webhook.

    .venv/bin/python -m bench.safety [--rounds 300]

Screens 1,600-character texts of several kinds (ordinary chat, risk buried in
the middle, one letter repeated, emoji, txt-speak with digits for letters,
every safe idiom at once) after a warm-up, and prints the median, p99 and
worst wall time per text, the median CPU time (what one idle core would take:
on a busy shared machine wall time also counts waiting for a core), and the
load average while it ran. Target: under 2 ms.
"""

import argparse
import os
import random
import statistics
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

    def fill(pool, middle=None):
        words = []
        while len(" ".join(words)) < LIMIT:
            words.append(rng.choice(pool))
        if middle:
            words.insert(len(words) // 2, middle)
        return " ".join(words)[:LIMIT]

    return {
        "ordinary chat (safe corpus lines)": fill(safe),
        "risk buried in the middle": fill(safe, rng.choice(risky)),
        "risky lines only": fill(risky),
        "one letter": "a" * LIMIT,
        "spaced letters": "k i l l " * (LIMIT // 8),
        "emoji": "😀" * LIMIT,
        "digits as letters": "1 w4nn4 d13 2n1t3 " * (LIMIT // 18),
        "mixed scripts": ("日本語 русский مرحبا ελληνικά " * 60)[:LIMIT],
    }


def report(kind, texts_in_turn):
    """Screen each text, print median, p99 and worst wall time and median CPU; the last decision."""
    times, cpu = [], []
    for text in texts_in_turn:
        start, start_cpu = time.perf_counter(), time.process_time()
        decision = screen(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(
        f"{kind:<36} {statistics.median(times):7.3f}ms {p99:7.3f}ms "
        f"{times[-1]:7.3f}ms {statistics.median(cpu):7.3f}ms",
        end="",
    )
    return decision


def main():
    """Time screen() per kind of text and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    cases = texts(rng)
    screen("warm up the vocabulary")
    print(machine())
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'text (1,600 characters)':<36} {'median':>9} {'p99':>9} {'worst':>9} {'cpu':>9}  tier")
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
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
