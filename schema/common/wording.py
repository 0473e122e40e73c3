"""Sentences GraphQL has always said for some error codes: the exam and mock-test mutations
answer in the center's own words (seed 001, in Uzbek), as they did before the domain spoke
plain English codes. Keyed by domain, then code."""

from __future__ import annotations

EXAM_WORDS: dict[str, str] = {
    "NOT_PUBLISHED": "Test hali nashr etilmagan.",
    "NOT_ACTIVE": "Test faol emas.",
    "ALREADY_SUBMITTED": "Siz bu testni allaqachon topshirgansiz.",
}
MOCK_WORDS: dict[str, str] = {
    "WRONG_CODE": "Test kodi noto'g'ri.",
    "ACTIVE_SESSION_EXISTS": "Sizda bu test uchun aktiv session mavjud.",
    "SESSION_COMPLETED": "Bu session allaqachon yakunlangan.",
    "SESSION_NOT_COMPLETED": "Bu session hali yakunlanmagan.",
}
