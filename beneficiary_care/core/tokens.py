"""Single-use links for guests (satisfaction surveys): an unguessable token in the link, only its
hash stored, an expiry, and one use."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits; 32 URL-safe characters

VALID, EXPIRED, USED, UNKNOWN = "valid", "expired", "used", "unknown"


def new_token() -> tuple[str, str]:
	"""(token for the link, hash to store)."""
	token = secrets.token_urlsafe(TOKEN_BYTES)
	return token, hash_token(token)


def hash_token(token: str) -> str:
	return hashlib.sha256((token or "").encode()).hexdigest()


def looks_like_token(token: str | None) -> bool:
	"""Cheap refusal of anything that cannot be one of ours, before touching the database."""
	return bool(token) and 20 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def state(expires_on: dt.datetime | None, used_on: dt.datetime | None, now: dt.datetime) -> str:
	if used_on is not None:
		return USED
	if expires_on is None or now >= expires_on:
		return EXPIRED
	return VALID
