"""Print preview and printing of a report Document from the window.

QPrintPreviewDialog is a widget, so it lives in gui/ (the only layer that
imports QtWidgets); reports/ paints on any QPagedPaintDevice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from kaoji_desktop.reports.document import Document
from kaoji_desktop.reports.render import prepare_printer, print_document


def preview_document(doc: Document, parent: Any = None) -> int:
    """Show the print preview of `doc`; the user may print from it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {doc.name}")
    dialog.paintRequested.connect(lambda p: print_document(doc, p))
    return int(dialog.exec())
