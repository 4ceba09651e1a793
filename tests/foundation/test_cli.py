"""The `passport` command: every command has --help; version, db upgrade and serve behave."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from passport.cli import app
from passport.version import __version__

runner = CliRunner()


def _all_command_paths(command: click.Command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    if hasattr(command, "list_commands"):  # a group (typer vendors its own click)
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            paths.extend(_all_command_paths(command.get_command(ctx, name), prefix + (name,)))
    return paths


def test_every_command_has_help():
    paths = _all_command_paths(get_command(app))
    assert ("db", "upgrade") in paths and ("serve",) in paths and ("version",) in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_version():
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.strip() == __version__


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSPORT_")}
    env.update(PASSPORT_DATA_DIR=str(tmp_path / "data"), PASSPORT_LOG_FORMAT="console")
    return env


def _passport(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "passport", *args], env=env, capture_output=True, text=True, timeout=120)


def test_db_upgrade_creates_the_sqlite_store(tmp_path):
    result = _passport("db", "upgrade", env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "passport.db").is_file()
    current = _passport("db", "current", env=_env(tmp_path))
    assert current.returncode == 0, current.stdout + current.stderr


def test_bad_setting_is_one_clear_line(tmp_path):
    env = _env(tmp_path) | {"PASSPORT_DATABASE_URL": "mysql://x"}
    result = _passport("db", "upgrade", env=env)
    assert result.returncode == 2
    assert "PASSPORT_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_an_unmigrated_store(tmp_path):
    result = _passport("serve", env=_env(tmp_path))
    assert result.returncode == 2
    assert "passport db upgrade" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_on_the_given_port(tmp_path):
    env = _env(tmp_path)
    assert _passport("db", "upgrade", env=env).returncode == 0
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "passport", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120  # a loaded CI machine may take a while to import and bind
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "Battery Passport" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
