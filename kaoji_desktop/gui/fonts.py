"""The application font, with an explicit CJK family chain.

Without a chain Qt on Linux falls back to the Japanese Noto face, whose glyph
shapes are wrong for Chinese. The first family the PC has wins.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

UI_FAMILIES: tuple[str, ...] = (
    "Microsoft YaHei", "微软雅黑", "SimSun", "宋体",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei",
)


def ui_font(point_size: float = 10) -> QFont:
    have = set(QFontDatabase.families())
    families = [f for f in UI_FAMILIES if f in have] or [UI_FAMILIES[-2]]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font
