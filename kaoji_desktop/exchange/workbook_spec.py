"""The year workbook's sheets and columns (WORKBOOK.md), declared once.

Import and dump both read this. Sheets after the first group are this
program's additions: a dump writes them so that nothing is lost, and an
import reads them when present (a workbook without them is still complete).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


YEAR = SheetSpec("年度", ("年度", "单位"))
COMMUNITIES = SheetSpec("社区", ("社区",), ("旧改任务", "联系领导"))
LINES = SheetSpec("条线", ("条线", "分值"), ("评分周期", "责任科室"))
LINE_SCORES = SheetSpec("条线得分", ("社区", "条线", "期次", "得分"))
PROJECTS = SheetSpec("个性项目", ("社区", "类别", "项目名称", "分值"), ("指导科室", "得分"))
SATISFACTION = SheetSpec("满意度", ("社区", "优秀", "良好", "合格", "不合格"))
LEADER_SCORES = SheetSpec("领导评价", ("社区", "评价人", "得分"))
BONUS = SheetSpec("加减分", ("社区", "项目", "分值"), ("状态", "说明"))
VETOES = SheetSpec("否决事项", ("社区", "事项"), ("说明",))
POSTS = SheetSpec("人员", ("姓名", "类别", "社区"), ("在岗月数",))
DUAL_REVIEWS = SheetSpec("双述双评", ("姓名", "社区干部服务对象评价", "街道评价"))
FORCED_RANKS = SheetSpec("破难攻坚排名", ("姓名", "名次"))
STAFF_LINES = SheetSpec("专职条线评分", ("姓名", "条线", "得分"))
HEAD_SCORES = SheetSpec("负责人评价", ("姓名", "得分"))
REWARD_BASES = SheetSpec("奖励基数", ("类别", "等次", "金额"))

# additions of this program (optional on import)
LEADERS = SheetSpec("班子成员", ("姓名",))
RATINGS = SheetSpec("满意度逐人测评", ("社区", "序号", "评价"))
RULES = SheetSpec("规则参数", ("参数", "值"), ("说明",))

WORKBOOK_SHEETS: tuple[SheetSpec, ...] = (
    YEAR, COMMUNITIES, LINES, LINE_SCORES, PROJECTS, SATISFACTION, LEADER_SCORES,
    BONUS, VETOES, POSTS, DUAL_REVIEWS, FORCED_RANKS, STAFF_LINES, HEAD_SCORES,
    REWARD_BASES,
)
EXTRA_SHEETS: tuple[SheetSpec, ...] = (LEADERS, RATINGS, RULES)
ALL_SHEETS = WORKBOOK_SHEETS + EXTRA_SHEETS

RENOVATION = {"有": True, "无": False}
TIER_LABELS = {"第一等次": 1, "第二等次": 2, "第三等次": 3}
