"""Tables, one module per domain. Importing this package registers every model on `Base`."""

from models import academy, attempts, groups, ielts, items, people  # noqa: F401
from models.base import Base

__all__ = ["Base"]
