"""Font chains for printed documents (a 公文 look).

Families are named explicitly: without a chain Qt on Linux falls back to the
Japanese Noto face, whose glyph shapes are wrong for Chinese. The first family
the PC has wins; Windows names come in both their Chinese and English
spellings (Qt lists either, depending on the system's language). The Linux
fallbacks are Debian packages `.ci/run` installs: fonts-noto-cjk (Noto Serif
CJK SC for 宋/仿宋 roles, Noto Sans CJK SC for 黑体) and fonts-arphic-ukai
(AR PL UKai CN, a real 楷体). Noto CJK also covers the names outside the BMP
(王𬭎, 李𬇙, 𠮷田), so it closes every chain.

GB/T 9704 roles (`gbt_font`): title 方正小标宋简体 → 华文中宋 → 宋体 (bold
unless 小标宋); body 仿宋_GB2312 → 仿宋 → FangSong; h1 黑体; h2 楷体; page
numbers 宋体.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

# 标题: 方正小标宋, else 黑体
TITLE_FAMILIES: tuple[str, ...] = (
    "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "黑体", "SimHei",
    "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
)
# 正文: 仿宋, else 宋体
BODY_FAMILIES: tuple[str, ...] = (
    "仿宋_GB2312", "仿宋", "FangSong", "宋体", "SimSun",
    "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
)
# 表格: 宋体 reads better than 仿宋 at small sizes
TABLE_FAMILIES: tuple[str, ...] = (
    "宋体", "SimSun", "仿宋_GB2312", "仿宋", "FangSong",
    "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
)
# 页码、草稿标记: 黑体
MARK_FAMILIES: tuple[str, ...] = (
    "黑体", "SimHei", "Microsoft YaHei", "微软雅黑",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei",
)


# --- GB/T 9704 roles ---------------------------------------------------------
GB_TITLE: tuple[str, ...] = (
    "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong",
    "宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC",
)
GB_BODY: tuple[str, ...] = (
    "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong",
    "Noto Serif CJK SC", "Noto Sans CJK SC",
)
GB_H1: tuple[str, ...] = ("黑体", "SimHei", "Noto Sans CJK SC", "Noto Serif CJK SC")
GB_H2: tuple[str, ...] = (
    "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti", "AR PL UKai CN",
    "Noto Serif CJK SC", "Noto Sans CJK SC",
)
# 页码: 四号 宋体
PAGE_NUMBER: tuple[str, ...] = ("宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC")
GB_CHAINS = {"title": GB_TITLE, "body": GB_BODY, "h1": GB_H1, "heading": GB_H1, "h2": GB_H2,
             "small": GB_BODY, "imprint": GB_BODY}


def gbt_font(role: str, pt: float, bold: bool = False) -> QFont:
    """The GB/T 9704 face of a role ("title", "body", "h1", "h2", "small", "imprint")."""
    if role == "title":
        return make_font(GB_TITLE, pt, bold=not _has_xiaobiaosong())
    return make_font(GB_CHAINS.get(role, GB_BODY), pt, bold)


def page_number_font(pt: float = 14.0) -> QFont:
    return make_font(PAGE_NUMBER, pt)


def _available(chain: tuple[str, ...]) -> list[str]:
    """The chain without families this PC lacks, keeping at least one entry.

    Dropping absent names keeps Qt from probing (and warning about) them; the
    last entry stays so an empty list never reaches QFont.
    """
    have = set(QFontDatabase.families())
    found = [f for f in chain if f in have]
    return found or [chain[-1]]


def make_font(chain: tuple[str, ...], point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    families = _available(chain)
    font.setFamilies(families)
    font.setFamily(families[0])
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # kerning and hinting off: metrics then match between preview and PDF
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def title_font(pt: float) -> QFont:
    return make_font(TITLE_FAMILIES, pt, bold=not _has_xiaobiaosong())


def body_font(pt: float, bold: bool = False) -> QFont:
    return make_font(BODY_FAMILIES, pt, bold)


def table_font(pt: float, bold: bool = False) -> QFont:
    return make_font(TABLE_FAMILIES, pt, bold)


def mark_font(pt: float, bold: bool = False) -> QFont:
    return make_font(MARK_FAMILIES, pt, bold)


def _has_xiaobiaosong() -> bool:
    """方正小标宋 is already heavy; every fallback needs bold to look like it."""
    have = set(QFontDatabase.families())
    return any(f in have for f in TITLE_FAMILIES[:3])
