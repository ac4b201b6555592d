"""One line about the machine a benchmark's figures come from, for every benchmark."""

import os
import platform
import sqlite3


def machine():
    """Cores, CPU model, Python and SQLite versions, and the load average now."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average {load}"
    )
