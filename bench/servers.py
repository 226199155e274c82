"""Starting and stopping the app the way production runs it (gunicorn on 127.0.0.1), for the
throughput and two-server benchmarks. Every process started here is stopped by its own id."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/placecraft_bench"


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) against the bench database, plain HTTP on 127.0.0.1."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet (migrations then fill it)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}")


def manage(env: Mapping[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        env=dict(env),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


@contextmanager
def gunicorn(env: Mapping[str, str], port: int, workers: int = 2) -> Iterator[str]:
    """A gunicorn master with its own workers on 127.0.0.1:``port``; yields its base URL."""
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=dict(env),
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def db_worker(env: Mapping[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "python"),
            str(ROOT / "manage.py"),
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        env=dict(env),
        cwd=ROOT,
        # Each task logs two lines; the two-server script reports what matters.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
