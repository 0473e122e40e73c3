"""Names of the demo's people: every demo student gets a name no other demo student has.

`student_name(k)` is a different (first, last) pair for each k below
`len(FIRST_NAMES) * len(LAST_NAMES)` (728); the demo numbers its students across its parts
(the academy's from 0, the IELTS center's after them), so no two share a name.
"""

from __future__ import annotations

FIRST_NAMES = [
    "Jasur", "Dilnoza", "Aruzhan", "Timur", "Kamila", "Olim", "Nigora", "Rustam", "Dias",
    "Madina", "Aigerim", "Nursultan", "Zarina", "Malika", "Sanjar", "Bekzod", "Laylo", "Azamat",
    "Shahzod", "Feruza", "Otabek", "Gulnora", "Sherzod", "Mohira", "Asel", "Yerlan", "Sevara",
    "Ulugbek",
]  # fmt: skip
LAST_NAMES = [
    "Qodirov", "Yusupova", "Bek", "Saidov", "Ergasheva", "Nazarov", "Umarova", "Ismoilov",
    "Sadykova", "Akhmetova", "Tursunov", "Abdullaeva", "Karimov", "Rakhimov", "Mirzaev",
    "Xolmatova", "Jurayev", "Kasymova", "Rashidov", "Sultanova", "Hamidov", "Zakirova",
    "Usmonov", "Nurmatova", "Baratov", "Sharipova",
]  # fmt: skip

# The academy's students are numbered 0..199, the IELTS center's from here on.
IELTS_FIRST_INDEX = 200


def student_name(k: int) -> tuple[str, str]:
    """The k-th demo student's first and last name; distinct for k < 728.

    The last name moves by k // 28 + k: two indexes with the same first name (k and k + 28m)
    get last names 29m apart, and 29 shares no factor with 26, so they differ for m < 26.
    """
    first = FIRST_NAMES[k % len(FIRST_NAMES)]
    last = LAST_NAMES[(k // len(FIRST_NAMES) + k) % len(LAST_NAMES)]
    return first, last
