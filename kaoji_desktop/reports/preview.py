"""Print preview and printing of a Document from the window.

QPrintPreviewDialog is a widget: this is the one module of `reports` that
needs QtWidgets (through QtPrintSupport), imported only when called.
"""

from __future__ import annotations

from typing import Any

from kaoji_desktop.reports.document import Document
from kaoji_desktop.reports.render import prepare_printer, print_document


def preview_document(doc: Document, parent: Any = None) -> int:
    """Show the print preview of `doc`; the user may print from it."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {doc.name}")
    dialog.paintRequested.connect(lambda p: print_document(doc, p))
    return int(dialog.exec())
