"""Output: each document's YAML (`write`) and the table of every record of an output folder (`table`)."""

from .table import cache_rows, export_table
from .write import (
    atomic_open,
    atomic_write,
    clean_stale_temps,
    remove_pending_temps,
    write_document,
    write_document_data,
)

__all__ = ["atomic_open", "atomic_write", "cache_rows", "clean_stale_temps", "export_table",
           "remove_pending_temps", "write_document", "write_document_data"]
