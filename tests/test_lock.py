"""The lock files: what bin/serve and bin/test install, and what this suite runs on.

The planner reaches into strawberry's and graphql-core's internals, so a fresh install must get
exactly the versions the suite passed with; these tests fail when the installed packages or
pyproject.toml drift from the locks (run `bin/lock`, then `bin/test`)."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(name: str) -> dict[str, tuple[str, Requirement]]:
    """Package -> (version, requirement with its marker) for every pin in a lock file."""
    found: dict[str, tuple[str, Requirement]] = {}
    for line in (ROOT / name).read_text().splitlines():
        if not line or line[0] in " #-":
            continue
        requirement = Requirement(line.rstrip(" \\"))
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        found[canonicalize_name(requirement.name)] = (specifier.version, requirement)
    return found


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    wrong = []
    for name, (pinned, requirement) in pins("requirements-test.lock").items():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "missing"
        if installed != pinned:
            wrong.append(f"{name}: locked {pinned}, installed {installed}")
    assert wrong == [], wrong
    # the planner's private hooks were written against these
    assert {"strawberry-graphql", "graphql-core"} <= set(pins("requirements.lock"))


def test_every_dependency_is_locked_with_hashes_and_both_locks_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    for dependency in project["dependencies"]:
        assert canonicalize_name(Requirement(dependency).name) in runtime, dependency
    for dependency in project["optional-dependencies"]["test"]:
        assert canonicalize_name(Requirement(dependency).name) in test, dependency
    for name, (pinned, _) in runtime.items():
        assert test[name][0] == pinned, name
    for lock in ("requirements.lock", "requirements-test.lock"):
        hashes: dict[str, int] = {}
        current = ""
        for line in (ROOT / lock).read_text().splitlines():
            if line and line[0] not in " #":
                current = line.split("==")[0]
                hashes[current] = 0
            elif line.strip().startswith("--hash=sha256:"):
                hashes[current] += 1
        assert hashes and all(hashes.values()), [n for n, h in hashes.items() if not h]
