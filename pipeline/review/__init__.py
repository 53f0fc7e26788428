"""Review pages: every record highlighted in its document's text, as static HTML below <output>/review/."""

from .build import REVIEW_DIR, ReviewError, ReviewResult, write_review

__all__ = ["REVIEW_DIR", "ReviewError", "ReviewResult", "write_review"]
