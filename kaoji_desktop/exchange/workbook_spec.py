"""The year workbook's sheets and columns (WORKBOOK.md).

The sheets holding one store table each are derived from the table
declarations in `store/schema.py` (sheet = table label, column = header,
required = a required column without a default); 年度 and 规则参数 are not
tables and are declared here. Sheets after the first group are this
program's additions: a dump writes them so that nothing is lost, and an
import reads them when present (a workbook without them is still complete).
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoji_desktop.store.schema import TABLE, Table


@dataclass(frozen=True)
class SheetSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    table: Table | None = None  # the store table the sheet holds

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


def of_table(name: str) -> SheetSpec:
    """The sheet of one store table."""
    t = TABLE[name]
    return SheetSpec(t.label, tuple(c.header for c in t.cols if c.in_sheet_required),
                     tuple(c.header for c in t.cols if not c.in_sheet_required), t)


YEAR = SheetSpec("年度", ("年度", "单位"))
COMMUNITIES = of_table("communities")
LINES = of_table("lines")
LINE_SCORES = of_table("line_scores")
PROJECTS = of_table("projects")
SATISFACTION = of_table("satisfaction")
LEADER_SCORES = of_table("leader_scores")
BONUS = of_table("bonus_items")
VETOES = of_table("vetoes")
POSTS = of_table("posts")
DUAL_REVIEWS = of_table("dual_reviews")
FORCED_RANKS = of_table("forced_ranks")
STAFF_LINES = of_table("staff_line_scores")
HEAD_SCORES = of_table("head_scores")
REWARD_BASES = of_table("reward_bases")

# additions of this program (optional on import)
LEADERS = of_table("leaders")
RATINGS = of_table("satisfaction_ratings")
RULES = SheetSpec("规则参数", ("参数", "值"), ("说明",))

WORKBOOK_SHEETS: tuple[SheetSpec, ...] = (
    YEAR, COMMUNITIES, LINES, LINE_SCORES, PROJECTS, SATISFACTION, LEADER_SCORES,
    BONUS, VETOES, POSTS, DUAL_REVIEWS, FORCED_RANKS, STAFF_LINES, HEAD_SCORES,
    REWARD_BASES,
)
EXTRA_SHEETS: tuple[SheetSpec, ...] = (LEADERS, RATINGS, RULES)
ALL_SHEETS = WORKBOOK_SHEETS + EXTRA_SHEETS
