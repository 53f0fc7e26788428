"""pipeline: quantitative targets and results of government reports as source-grounded records."""

__version__ = "0.1.0"

from .api import Pipeline, extract, extract_file  # noqa: E402
from .model import Document, Record  # noqa: E402

__all__ = ["Document", "Pipeline", "Record", "__version__", "extract", "extract_file"]
