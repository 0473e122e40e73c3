"""Tables, one module per domain. Importing this package registers every model on `Base`."""

from models import (  # noqa: F401
    academy,
    attempts,
    exams,
    groups,
    ielts,
    items,
    messaging,
    payments,
    people,
)
from models.base import Base

__all__ = ["Base"]
