"""One exit-code policy for every command (`passport/cli/exit_codes.py`): 0 success, 1 a check or rule failed,
2 unusable input or configuration, 3 a required check could not run.

The command tree is walked: every leaf command must have a case here, so a new command cannot ship without
its unusable-input behaviour being pinned. The oracle is the policy table in the README, not the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from passport.cli import app
from passport.cli.exit_codes import ExitCode, exit_code_for
from passport.errors import (
    AccessDeniedError,
    ConfigurationError,
    ConflictError,
    InputError,
    MigrationError,
    NotFoundError,
    PassportError,
    StoreError,
)
from passport.lifecycle.transitions import TransitionError

CLI = Path(__file__).resolve().parents[2] / "passport" / "cli"
MISSING = "does-not-exist.json"
UNKNOWN_ID = "/01/09506000134352/21/NO-SUCH-SERIAL"

#: command path -> arguments that make it unusable, and whether the store is migrated for the case.
#: Every case expects exit 2 (UNUSABLE_INPUT) and a one-line reason on stderr.
UNUSABLE: dict[str, tuple[list[str], bool]] = {
    "audit show": ([], False),                       # schema behind the code: configuration
    "audit verify": ([], False),
    "backup push": (["--to", "https://backup.invalid", "--token", "t"], False),
    "backup verify": (["--to", "https://backup.invalid", "--token", "t"], False),
    "battery-status": ([UNKNOWN_ID, "repurposed", "--note", "n"], True),
    "bettermining import": ([MISSING], True),
    "bettermining report": ([], False),
    "canonicalize": ([MISSING], True),
    "carbon compute": ([MISSING], True),
    "carbon recompute": ([MISSING], True),
    "custody check": ([], False),
    "custody delegations add": (["--agent", "urn:example:a", "--principal", "urn:example:p"], False),
    "custody delegations list": ([], False),
    "custody delegations revoke": (["--agent", "urn:example:a", "--principal", "urn:example:p"], False),
    "custody event new": (["--type", "no-such-type"], True),
    "custody parties add": (["--id", "urn:example:p", "--name", "P"], False),
    "custody parties list": ([], False),
    "custody sites add": (["--id", "S1", "--party", "urn:example:p", "--country", "CD"], False),
    "custody sites list": ([], False),
    "custody submit": ([], True),                    # no file at all (a missing one among several is refused: 1)
    "custody trace": (["urn:example:no-such-lot"], True),
    "db current": ([], "bad-url"),                   # an unusable database URL: configuration
    "db upgrade": ([], "bad-url"),
    "demo": ([], False),
    "disclose": ([MISSING, "--level", "public"], True),
    "indices compute": (["urn:example:no-such-lot"], True),
    "indices evidence add": ([MISSING], True),
    "indices explain": (["urn:example:no-such-lot"], True),
    "indices recompute": ([], True),                 # neither a battery nor a bundle
    "export": ([MISSING, "--format", "no-such-format", "--out", "x.json"], True),
    "import": ([MISSING, "--format", "no-such-format"], True),
    "issue": ([MISSING, "--key", MISSING], True),
    "keys generate": (["--suite", "ecdsa-sd-2023", "--organisation", "no-such-org"], True),
    "keys list": ([], False),
    "keys rotate": (["--organisation", "no-such-org", "--suite", "ecdsa-sd-2023"], True),
    "keys show": ([MISSING], True),
    "orgs create": (["--slug", "Not A Slug!", "--legal-name", "X"], True),
    "orgs list": ([], False),
    "orgs set": (["no-such-org", "--legal-name", "Y"], True),
    "orgs show": (["no-such-org"], True),
    "qr": (["not-an-identifier", "--out", "qr.svg"], True),
    "registry register": ([UNKNOWN_ID], True),      # no registry configured
    "reinstate": ([UNKNOWN_ID], True),
    "revoke": ([UNKNOWN_ID], True),
    "roles issue": (["--holder", "did:example:x", "--role", "commission", "--organisation-name", "X"], True),
    "roles revoke": (["urn:uuid:00000000-0000-4000-8000-000000000000"], False),
    "roles trust add": (["did:example:x", "--name", "X", "--role", "commission"], False),
    "roles trust list": ([], False),
    "roles trust remove": (["did:example:x"], False),
    "serve": ([], False),                            # refuses before binding: the schema is behind
    "settings": ([], "bad-setting"),                 # a malformed PASSPORT_* variable
    "sign": ([MISSING, "--key", MISSING], True),
    "status": ([UNKNOWN_ID], True),
    "suspend": ([UNKNOWN_ID], True),
    "tokens create": (["--role", "manufacturer", "--org", "no-such-org"], True),
    "tokens list": ([], False),
    "tokens revoke": (["999999"], True),
    "transfer": ([UNKNOWN_ID, MISSING, "--status", "repurposed", "--to-org", "no-such-org"], True),
    "urls": ([], False),
    "verify": ([MISSING], True),
    "version": (["--no-such-option"], True),         # nothing to get wrong but its usage
    "versions": ([UNKNOWN_ID], True),
}


def _leaves(command: object, path: tuple[str, ...] = ()) -> list[str]:
    commands = getattr(command, "commands", None)
    if commands is None:
        return [" ".join(path)]
    return [leaf for name, sub in sorted(commands.items()) for leaf in _leaves(sub, (*path, name))]


LEAVES = _leaves(typer.main.get_command(app))


def test_the_walk_finds_the_command_tree():
    assert len(LEAVES) >= 40
    assert {"verify", "db upgrade", "indices evidence add"} <= set(LEAVES)


def test_every_command_has_an_unusable_input_case():
    assert sorted(UNUSABLE) == sorted(LEAVES)


@pytest.mark.parametrize("command", LEAVES)
def test_unusable_input_exits_2_with_a_reason(command, tmp_path, monkeypatch):
    args, store = UNUSABLE[command]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PASSPORT_DATABASE_URL", raising=False)
    if store == "bad-url":
        monkeypatch.setenv("PASSPORT_DATABASE_URL", "nosuchdialect://nowhere")
    if store == "bad-setting":
        monkeypatch.setenv("PASSPORT_PORT", "not-a-port")
    from passport.cli import _context
    from passport.settings import get_settings

    get_settings.cache_clear()
    _context.engine.cache_clear()
    try:
        if store is True:
            assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
        result = CliRunner().invoke(app, [*command.split(), *args])
    finally:
        get_settings.cache_clear()
        _context.engine.cache_clear()
    if isinstance(result.exception, PassportError):   # let through to the entry point, which maps it
        code, reason = exit_code_for(result.exception), str(result.exception)
    else:
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        code, reason = result.exit_code, result.output
    assert code == ExitCode.UNUSABLE_INPUT, reason
    assert reason.strip(), "a reason is printed"


@pytest.mark.parametrize(("error", "code"), [
    (InputError("x"), 2), (NotFoundError("x"), 2), (ConfigurationError("x"), 2), (MigrationError("x"), 2),
    (TransitionError("x"), 1), (ConflictError("x"), 1), (AccessDeniedError("x"), 1), (StoreError("x"), 3),
])
def test_library_errors_map_by_class(error, code):
    assert exit_code_for(error) == code


def test_the_entry_point_maps_what_a_command_lets_through(tmp_path, monkeypatch, capsys):
    """The console script's own path: an unknown id in a migrated store is NOT_FOUND -> exit 2, one line."""
    from passport.cli import _context
    from passport.cli.main import main
    from passport.settings import get_settings

    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PASSPORT_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    _context.engine.cache_clear()
    try:
        with pytest.raises(SystemExit) as upgraded:
            main(["db", "upgrade"])
        assert upgraded.value.code in (0, None)
        with pytest.raises(SystemExit) as done:
            main(["custody", "trace", "urn:example:no-such-lot"])
    finally:
        get_settings.cache_clear()
        _context.engine.cache_clear()
    assert done.value.code == ExitCode.UNUSABLE_INPUT
    assert capsys.readouterr().err.startswith("error [NOT_FOUND]")


def test_commands_exit_only_through_the_policy():
    """No number literal in `typer.Exit(...)`/`sys.exit(...)` under passport/cli: every exit names its meaning."""
    literal = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (getattr(node.func, "attr", None) in {"Exit", "exit"}) and node.args:
                if isinstance(node.args[0], ast.Constant):
                    literal.append(f"{path.name}:{node.lineno}")
    assert literal == []
