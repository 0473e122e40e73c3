"""Tables, one module per domain. Importing this package registers every model on `Base`."""

from models import academy, attempts, groups, items, people  # noqa: F401
from models import ielts  # noqa: F401
from models.base import Base

__all__ = ["Base"]
