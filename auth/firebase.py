"""Firebase ID tokens, verified by firebase-admin with revocation and disabled-user checks."""

from __future__ import annotations

import asyncio
import itertools
import os
from typing import Any

import firebase_admin
from firebase_admin import auth as firebase_auth

_app_names = itertools.count()


class FirebaseTokenRefused(Exception):
    pass


class FirebaseVerifier:
    def __init__(self, project_id: str, emulator_host: str | None = None) -> None:
        if emulator_host:
            # firebase-admin reads the emulator address from the environment only.
            os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = emulator_host
        self.project_id = project_id
        self.app = firebase_admin.initialize_app(
            options={"projectId": project_id}, name=f"edugraph-{next(_app_names)}"
        )

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            return dict(firebase_auth.verify_id_token(token, app=self.app, check_revoked=True))
        except firebase_auth.RevokedIdTokenError as exc:
            raise FirebaseTokenRefused("token revoked") from exc
        except firebase_auth.UserDisabledError as exc:
            raise FirebaseTokenRefused("user disabled") from exc
        except (firebase_auth.InvalidIdTokenError, ValueError) as exc:
            raise FirebaseTokenRefused("invalid Firebase ID token") from exc
        except firebase_auth.UserNotFoundError as exc:
            raise FirebaseTokenRefused("user not found") from exc
        except firebase_admin.exceptions.FirebaseError as exc:
            raise FirebaseTokenRefused("Firebase could not verify the token") from exc

    async def verify(self, token: str) -> dict[str, Any]:
        # verify_id_token blocks (key fetch, revocation lookup): run it in a thread.
        return await asyncio.to_thread(self._verify, token)

    def close(self) -> None:
        firebase_admin.delete_app(self.app)
