"""Webhook benchmark: inbound texts through gunicorn (2 workers) on SQLite.

Target (issue 2): at least 300 inbound texts/s, p99 under 100 ms. Starts a
real gunicorn on 127.0.0.1, seeds the demo, then sends signed webhooks from
a second process at a fixed offered rate and prints throughput and latency:

    .venv/bin/python bench/webhook.py [--rate 300] [--seconds 20]
"""

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"
BASE = "https://kindly.bench"
sys.path.insert(0, str(ROOT))
from bench.plan import machine  # noqa: E402

# A realistic mix: people joining, consenting, choosing a time, answering.
CONVERSATION = ["KIND", "YES", "7pm", "7", "thank you, that helped", "HELP"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=20):
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start at {url}")


async def load(port, rate, seconds, first=0):
    validator = RequestValidator(TOKEN)
    latencies, statuses = [], {}
    total = int(rate * seconds)
    # Every request is scheduled up front; the first leaves a second from now
    # so that setting up thousands of them does not release a burst.
    started = time.perf_counter() + 1.0
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(n):
            i = n + first
            phone = f"+1212{i // len(CONVERSATION):07d}"
            params = {
                "From": phone,
                "To": "+15005550006",
                "Body": CONVERSATION[i % len(CONVERSATION)],
                "MessageSid": f"SMbench{i:025d}",
            }
            signature = validator.compute_signature(f"{BASE}/twilio/sms", params)
            # Offered load: request i leaves at i / rate, whatever came before.
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            t0 = time.perf_counter()
            async with session.post(
                f"http://127.0.0.1:{port}/twilio/sms",
                data=params,
                headers={"X-Twilio-Signature": signature},
            ) as response:
                await response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
            latencies.append(time.perf_counter() - t0)

        # Each phone's texts go in order: one conversation per phone.
        await asyncio.gather(*(one(i) for i in range(total)))
    elapsed = time.perf_counter() - started
    return latencies, statuses, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    db = out / "webhook.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "PUBLIC_BASE_URL": BASE,
        "SMS_BACKEND": "console",
        "SECRET_KEY": secrets.token_hex(32),
    }
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "service"]
    subprocess.run([*flask, "init-db"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run([*flask, "seed-demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "service:create_app()",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        # Warm both workers up (programme files, templates) as a running
        # service is; the measured texts come from other phones.
        asyncio.run(load(port, 50, 1, first=10**6))
        latencies, statuses, elapsed = asyncio.run(load(port, args.rate, args.seconds))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(machine())
    print(
        f"gunicorn {args.workers} workers, SQLite: "
        f"offered {args.rate:.0f}/s for {args.seconds:.0f} s; "
        f"{len(latencies) / elapsed:.0f} texts/s handled; statuses {statuses}; "
        f"latency p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
