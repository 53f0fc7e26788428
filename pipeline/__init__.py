"""pipeline: quantitative targets and results of government reports as source-grounded records."""

__version__ = "0.1.0"

from .extract import Pipeline, extract  # noqa: E402
from .records import Document, Record  # noqa: E402

__all__ = ["Document", "Pipeline", "Record", "__version__", "extract"]
