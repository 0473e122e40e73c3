"""The Firebase Auth emulator (npm firebase-tools), started by the tests themselves.

The tools are installed by tests/tools/install-node-tools.sh into a cache folder kept between
runs. Accounts, claims, disabling and revocation go through the emulator's REST API, which is
the Identity Toolkit API real Firebase projects answer.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

TOOLS = Path(__file__).resolve().parent / "tools"
PROJECT_ID = "demo-edugraph"
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def node_tools_dir() -> Path:
    out = subprocess.run(
        [str(TOOLS / "install-node-tools.sh")], check=True, capture_output=True, text=True
    )
    return Path(out.stdout.strip().splitlines()[-1])


@dataclass
class FirebaseEmulator:
    host: str
    project_id: str
    process: subprocess.Popen[bytes] | None

    @property
    def base(self) -> str:
        return f"http://{self.host}/identitytoolkit.googleapis.com/v1"

    def _post(self, path: str, body: dict[str, Any], admin: bool = False) -> dict[str, Any]:
        headers = {"Authorization": "Bearer owner"} if admin else {}
        url = f"{self.base}/{path}" + ("" if admin else "?key=fake-api-key")
        response = httpx.post(url, json=body, headers=headers, timeout=10)
        response.raise_for_status()
        return dict(response.json())

    def sign_up(self, email: str, password: str = "firebase-pass") -> tuple[str, str]:
        """A new account; returns (uid, id token)."""
        data = self._post(
            "accounts:signUp", {"email": email, "password": password, "returnSecureToken": True}
        )
        return data["localId"], data["idToken"]

    def sign_in(self, email: str, password: str = "firebase-pass") -> str:
        data = self._post(
            "accounts:signInWithPassword",
            {"email": email, "password": password, "returnSecureToken": True},
        )
        return str(data["idToken"])

    def update(self, uid: str, **changes: Any) -> None:
        self._post(
            f"projects/{self.project_id}/accounts:update", {"localId": uid, **changes}, admin=True
        )

    def set_claims(self, uid: str, claims: dict[str, Any]) -> None:
        self.update(uid, customAttributes=json.dumps(claims))

    def user(
        self, email: str, *, role: str | None = None, verified: bool = True
    ) -> tuple[str, str]:
        """An account with an optional role claim and verified email; returns (uid, id token)."""
        uid, _ = self.sign_up(email)
        changes: dict[str, Any] = {"emailVerified": verified}
        if role is not None:
            changes["customAttributes"] = json.dumps({"role": role})
        self.update(uid, **changes)
        return uid, self.sign_in(email)

    def disable(self, uid: str) -> None:
        self.update(uid, disableUser=True)

    def revoke(self, uid: str) -> None:
        # Tokens issued before validSince (seconds) are revoked; the token's auth_time is in
        # whole seconds, so move validSince past it.
        self.update(uid, validSince=str(int(time.time()) + 1))

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def start_emulator(workdir: Path) -> FirebaseEmulator:
    external = os.environ.get("TEST_FIREBASE_AUTH_EMULATOR_HOST")
    if external:
        return FirebaseEmulator(external, PROJECT_ID, None)
    tools = node_tools_dir()
    port, hub, logging_port = free_port(), free_port(), free_port()
    (workdir / "firebase.json").write_text(
        json.dumps(
            {
                "emulators": {
                    "auth": {"host": "127.0.0.1", "port": port},
                    "hub": {"host": "127.0.0.1", "port": hub},
                    "logging": {"host": "127.0.0.1", "port": logging_port},
                    "ui": {"enabled": False},
                    "singleProjectMode": True,
                }
            }
        )
    )
    with (workdir / "emulator.log").open("wb") as log:
        process = subprocess.Popen(
            [
                str(tools / "node_modules" / ".bin" / "firebase"),
                "emulators:start",
                "--only",
                "auth",
                "--project",
                PROJECT_ID,
            ],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CI": "true"},
            start_new_session=True,
        )
    emulator = FirebaseEmulator(f"127.0.0.1:{port}", PROJECT_ID, process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                "Firebase emulator exited: " + (workdir / "emulator.log").read_text()[-2000:]
            )
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return emulator
        except httpx.HTTPError:
            time.sleep(0.5)
    emulator.stop()
    raise RuntimeError("Firebase emulator did not start in time")
