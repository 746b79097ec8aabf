"""The gunicorn servers of bench/load.py and the environment they share with the load test.

The same environment serves this process (seeding, checking) and the servers, as production
would set it; the secret is per run because nothing outlives the scratch database.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.load_clients import send
from bench.load_options import Options

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "partnerscan_bench"
PG_URL = "postgresql://postgres@127.0.0.1:5432"
BENCH_ENV = {
    "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "bench.load_settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on the loopback: in production TLS ends at the proxy in front of gunicorn.
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "ERROR",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, options: Options, log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "partnerscan.wsgi:application"]
    command += ["--workers", str(options.workers), "--bind", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT), "--timeout", "60", "--log-level", "warning"]
    env = os.environ | BENCH_ENV
    env |= {"PYTHONPATH": str(ROOT), "CONN_MAX_AGE": str(options.conn_max_age)}
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(port: int, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    probe = "/bench/baseline/00000000-0000-0000-0000-000000000000/"  # a GET touches no table
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited; its log is in {log.name}")
        try:
            if send(port, "GET", probe, {}, "").status == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not answer within 30 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # gunicorn finishes its requests on SIGTERM
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process, from /proc (fields 14 and 15 of its stat line)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Cluster:
    ports: list[int]
    masters: list[int]

    def worker_cpu(self) -> float:
        """CPU seconds used so far by the gunicorn workers: the app's own cost, which other
        load on a shared machine does not inflate the way it inflates latencies."""
        total = 0.0
        for master in self.masters:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            total += sum(cpu_seconds(int(pid)) for pid in children)
        return total


@contextmanager
def servers(count: int, options: Options, log: IO[bytes]) -> Iterator[Cluster]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        ports = [free_port() for _ in range(count)]
        started = [start_server(port, options, log) for port in ports]
        for port, process in zip(ports, started, strict=True):
            wait_ready(port, process, log)
        yield Cluster(ports, [process.pid for process in started])
    finally:
        for process in started:
            stop_server(process)


def warm_up(ports: list[int], token: str, aspect: str) -> None:
    """Fill each worker's caches (URLs, templates, the model file) before measuring; the
    writes go to a baseline response, which the checks leave alone."""
    for port in ports:
        for _ in range(10):
            page = send(port, "GET", f"/r/{token}/", {}, "")
            data = {"aspect": aspect, "field": "current", "value": "3"}
            send(port, "POST", f"/r/{token}/save/", data, page.csrf)
