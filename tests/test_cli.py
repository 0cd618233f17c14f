"""The eventgen command: exit codes, drift check, atomic writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator import write


def eventgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of spec/ and generated/ to change freely."""
    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return eventgen("check", "--config", str(repo / "spec" / "eventgen.yaml"))


def test_check_passes_on_the_committed_package(repo: Path) -> None:
    done = check(repo)
    assert (done.returncode, done.stdout) == (0, "")


def test_one_changed_byte_in_the_package_fails_the_check(repo: Path) -> None:
    target = repo / "generated" / "realtime_events" / "events.py"
    text = target.read_text()
    target.write_text(text.replace("def parse_server_event", "def parse_server_evenT", 1))
    done = check(repo)
    assert done.returncode == 1
    assert "+++ b/" in done.stdout and "realtime_events/events.py" in done.stdout
    assert "-def parse_server_evenT" in done.stdout and "+def parse_server_event" in done.stdout
    assert "run make regenerate" in done.stderr


def test_a_stray_file_in_the_package_fails_the_check(repo: Path) -> None:
    (repo / "generated" / "realtime_events" / "old_module.py").write_text("x = 1\n")
    done = check(repo)
    assert done.returncode == 1
    assert "--- a/" in done.stdout and "old_module.py" in done.stdout and "+++ /dev/null" in done.stdout


def test_one_changed_value_in_the_spec_fails_the_check(repo: Path) -> None:
    spec = repo / "spec" / "realtime.yaml"
    text = spec.read_text()
    assert text.count("enum: [near_field, far_field]") == 1
    spec.write_text(text.replace("enum: [near_field, far_field]", "enum: [near_fields, far_field]"))
    done = check(repo)
    assert done.returncode == 1
    assert '+NoiseReductionType: TypeAlias = Literal["near_fields", "far_field"]' in done.stdout
    assert "sha256" in done.stdout  # the header names the spec's hash


def test_a_schema_removed_from_the_spec_disappears_on_regenerate(repo: Path) -> None:
    spec = repo / "spec" / "realtime.yaml"
    lines = spec.read_text().splitlines(keepends=True)
    ref = "        - $ref: '#/components/schemas/RealtimeServerEventRateLimitsUpdated'\n"
    assert lines.count(ref) == 1
    start = lines.index("    RealtimeServerEventRateLimitsUpdated:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    ") and lines[i][4] != " ")
    spec.write_text("".join(line for i, line in enumerate(lines) if line != ref and not start <= i < end))
    done = eventgen("generate", "--config", str(spec.parent / "eventgen.yaml"))
    assert done.returncode == 0, done.stderr
    models = (repo / "generated" / "realtime_events" / "models.py").read_text()
    assert "RealtimeServerEventRateLimitsUpdated" not in models
    assert "rate_limits.updated" not in models
    assert check(repo).returncode == 0


def test_a_failing_formatter_leaves_the_package_untouched(repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "events.py.jinja").write_text("def broken(:\n")  # not Python: the formatter fails on it
    before = tree(repo / "generated")
    done = eventgen("generate", "--config", str(repo / "spec" / "eventgen.yaml"), "--templates", str(broken))
    assert done.returncode == 2
    assert done.stderr.startswith("eventgen: error: events.py: the formatter failed:")
    assert "the unformatted output is in " in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(repo / "generated") == before
    kept = Path(done.stderr.split("the unformatted output is in ")[1].split(";")[0])
    assert (kept / "realtime_events" / "events.py").read_text() == "def broken(:\n"
    shutil.rmtree(kept)


def test_a_failure_while_writing_leaves_the_old_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pkg"
    write.write_package({"a.py": "old\n", "b.py": "old\n"}, str(target))
    real_open = open
    written: list[str] = []

    def failing_open(path: str, *args: object, **kwargs: object) -> object:
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        write.write_package({"a.py": "new\n", "b.py": "new\n", "c.py": "new\n"}, str(target))
    monkeypatch.undo()
    assert tree(target) == {"a.py": b"old\n", "b.py": b"old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]  # no staging directory left behind


def test_generate_replaces_the_package_and_removes_stale_files(tmp_path: Path) -> None:
    write.write_package({"a.py": "1\n", "stale.py": "2\n"}, str(tmp_path / "pkg"))
    write.write_package({"a.py": "3\n"}, str(tmp_path / "pkg"))
    assert tree(tmp_path / "pkg") == {"a.py": b"3\n"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["generate", "--root", "a=B", "--package", "p"],
            "eventgen: error: no spec given: pass --spec PATH or --config FILE",
        ),
        (
            ["generate", "--spec", "spec/realtime.yaml", "--package", "p"],
            "eventgen: error: no roots given: pass --root ALIAS=Schema (or --all-schemas)",
        ),
        (
            ["generate", "--spec", "spec/realtime.yaml", "--package", "p", "--root", "nope"],
            "eventgen: error: --root takes ALIAS=Schema with ALIAS a Python identifier, got 'nope'",
        ),
        (
            ["check", "--spec", "spec/realtime.yaml", "--package", "p-q", "--root", "a=RealtimeServerEvent"],
            "eventgen: error: --package must be a Python identifier, got 'p-q'",
        ),
        (
            ["generate", "--spec", "spec/realtime.yaml", "--package", "p", "--root", "a=Nope"],
            f"eventgen: error: {'spec/realtime.yaml'}#/components/schemas: root schema 'Nope' is not in the spec\n"
            "  fix: name a schema listed there; `eventgen inspect spec/realtime.yaml` lists the roots this spec offers",
        ),
        (
            ["generate", "--spec", "missing.yaml", "--package", "p", "--root", "a=B"],
            "eventgen: error: missing.yaml: cannot read the file: No such file or directory\n  fix: check the path",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_message(args: list[str], message: str, tmp_path: Path) -> None:
    done = eventgen(*args, "--out", str(tmp_path / "out"))
    assert (done.returncode, done.stderr.strip()) == (2, message)
    assert not (tmp_path / "out").exists()
