"""Output 2, the consultation report: an HTML page and an XLSX workbook from a tagged file."""

from ..io.layout import tagged_questions
from .build import Report, build_report

__all__ = ["Report", "build_report", "tagged_questions"]
