"""Report test helpers: a small hand-made year, PDF text and page info."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

from kaoji_desktop.core.model import (
    LINES_2017,
    BonusItem,
    Community,
    DualReview,
    HeadScore,
    LeaderScore,
    LineScore,
    Post,
    Project,
    SatisfactionCounts,
    StaffLineScore,
    Veto,
    YearData,
)

COMMUNITIES = ("白鹿洲", "荷花", "仓桥", "广场", "南郊", "锦江", "双井")
QUARTERS = ("一季度", "二季度", "三季度", "四季度")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + \
        GIVEN[(i * 7) % len(GIVEN)]


def make_year(staff_per_community: int = 4, quarters: tuple[str, ...] = QUARTERS) -> YearData:
    """2017 大南街道 with 7 communities; scores differ per community so ranks are clear."""
    communities = tuple(Community(f"{n}社区", renovation_task=(i % 3 != 0),
                                  liaison_leader=f"联系领导{i + 1}")
                        for i, n in enumerate(COMMUNITIES))
    line_scores = []
    for ci, c in enumerate(communities):
        for li, line in enumerate(LINES_2017):
            for qi, q in enumerate(quarters):
                lost = D(ci * (li % 3 + 1) + qi) / D(10)
                line_scores.append(LineScore(c.name, line.name, q,
                                             max(line.full_marks - lost, D(0))))
    projects = []
    for ci, c in enumerate(communities):
        for k, kind in enumerate(("亮点", "重点", "难点")):
            projects.append(Project(c.name, kind, f"{c.name[:-2]}{kind}项目{k + 1}", D(8),
                                    "党建办二", D(8) - D(ci) / D(4)))
    satisfaction = tuple(SatisfactionCounts(c.name, 40 - i, 8 + i, 2, 0)
                         for i, c in enumerate(communities))
    leaders = ("书记甲", "主任乙", "副书记丙")
    leader_scores = tuple(LeaderScore(c.name, r, D("2.9") - D(i) / D(20))
                          for i, c in enumerate(communities) for r in leaders)
    bonus = (BonusItem(communities[2].name, "市级表彰", D(2), "通过", "获市级先进"),)
    vetoes = (Veto(communities[0].name, "安全生产", "发生较大安全事故"),)
    posts, reviews, lscores, heads = [], [], [], []
    k = 0
    for c in communities:
        for j in range(staff_per_community):
            name = person_name(k)
            k += 1
            if j == 0:
                posts.append(Post(name, "网格长", c.name))
                reviews.append(DualReview(name, D(90), D(88)))
            else:
                posts.append(Post(name, "专职社工", c.name))
                line = LINES_2017[k % len(LINES_2017)].name
                lscores.append(StaffLineScore(name, line, D(50) - D(k % 11)))
                heads.append(HeadScore(name, D(10) - D(k % 5)))
    return YearData(
        year=2017, organisation="大南街道", communities=communities, lines=LINES_2017,
        leaders=leaders, line_scores=tuple(line_scores), projects=tuple(projects),
        satisfaction=satisfaction, leader_scores=leader_scores, bonus_items=bonus,
        vetoes=vetoes, posts=tuple(posts), dual_reviews=tuple(reviews),
        staff_line_scores=tuple(lscores), head_scores=tuple(heads),
    )


def pdf_text(path: Path) -> str:
    """pdftotext -layout output with NFKC applied (full-width punctuation
    becomes ASCII: ：→: （→( ). The text layer is the drawn text
    (reports/pdftext.py): no radicals to fold back any more."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", out)


def squeeze(text: str) -> str:
    """Text without any whitespace: table cells and wrapped lines join up."""
    return re.sub(r"\s+", "", text)


def pdf_pages_text(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1] or [pdf_text(path)]


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    info = {}
    for line in out.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_size_mm(path: Path) -> tuple[int, int]:
    m = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(path)["Page size"])
    assert m, pdf_info(path)
    return round(float(m[1]) * 25.4 / 72), round(float(m[2]) * 25.4 / 72)


def without_quarter(data: YearData, quarter: str) -> YearData:
    return replace(data, line_scores=tuple(s for s in data.line_scores if s.period != quarter))
