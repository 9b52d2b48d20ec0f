"""Table models: columns declared once as data; formatting lives here."""

from kaoji_desktop.gui.models.sort_proxy import SortProxy
from kaoji_desktop.gui.models.table import SORT_ROLE, Column, Refused, TableModel

__all__ = ["SORT_ROLE", "Column", "Refused", "SortProxy", "TableModel"]
