"""auditor: finds internal inconsistencies in Chinese government performance reports."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_quantities", "audit_text", "audit_file"]


def __getattr__(name: str):
    # Imported lazily so that `auditor --help` does not pay for spaCy and jieba.
    if name == "extract_quantities":
        from auditor.quantities import extract_quantities

        return extract_quantities
    if name in ("audit_text", "audit_file"):
        from auditor import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
