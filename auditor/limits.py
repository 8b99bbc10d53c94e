"""What the auditor accepts, checked before any work starts (README, "Limits").

Every limit is named in the message that refuses a file, so a user knows what to change.
Each is far above any real report, so that a refusal means a wrong file, while the work
the pipeline does stays bounded (its cost is linear in the size; benchmarks/size.py).
"""
from __future__ import annotations

# Real reports are well under 5 MB even as PDFs with scanned stamp pages; a larger file is
# an archive, a video or a log dump, and reading it whole would only cost memory and time.
MAX_BYTES = 50 * 1024 * 1024
# A text report of 6 MB holds some 2 million Chinese characters, hundreds of times a real
# report. The audit is linear at about 130 KB/s or more on the 2-core machine
# (benchmarks/size.py), so the largest text accepted is audited in under a minute.
MAX_TEXT_BYTES = 6 * 1024 * 1024
# The longest real report in the corpus has about 60 pages; 2,000 is a whole yearbook.
MAX_PDF_PAGES = 2000
# A DOCX is a ZIP: its size on disk says little about what it inflates to. Checked from the
# ZIP directory before inflating anything, so a "ZIP bomb" costs nothing.
MAX_DOCX_INFLATED = 200 * 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
