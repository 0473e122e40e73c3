"""The center's own sentences (seed 001, in Uzbek), as the academy dialect answers them, by the
code of the domain error behind them."""

from __future__ import annotations

CENTER_WORDS: dict[str, str] = {
    "INVALID_CODE": "Test kodi noto'g'ri.",
    "WRONG_CODE": "Test kodi noto'g'ri.",
    "NOT_PUBLISHED": "Test hali nashr etilmagan.",
    "NOT_ACTIVE": "Test faol emas.",
    "ALREADY_SUBMITTED": "Siz bu testni allaqachon topshirgansiz.",
    "ACTIVE_SESSION_EXISTS": "Sizda bu test uchun aktiv session mavjud.",
    "SESSION_COMPLETED": "Bu session allaqachon yakunlangan.",
    "SESSION_NOT_COMPLETED": "Bu session hali yakunlanmagan.",
}
