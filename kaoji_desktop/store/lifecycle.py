"""The year's procedure (流程, RULES.md §4).

草稿 → 科室签审 → 一次公示 → 党工委审定 → 二次公示 → 已发文. The stage lives
in meta "stage"; every move is an audited meta change with source 流程 and is
preceded by a backup. A publicity stage needs a complete year whose warnings
the clerk has acknowledged. An issued year is read-only (the store refuses
edits); `reopen` needs a reason and marks later prints as revised (meta
"revised", read by the reports through `revised`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from kaoji_desktop.core.model import YearResult
from kaoji_desktop.store.backups import make_backup
from kaoji_desktop.store.stages import (
    ACKNOWLEDGED_KEY,
    DRAFT,
    ISSUED,
    PUBLICITY_STAGES,
    REVISED_KEY,
    STAGE_KEY,
    STAGES,
)
from kaoji_desktop.store.yearfile import AuditEntry, Change, StoreError, YearFile

SOURCE = "流程"
FORCE_MAJEURE_PREFIX = "不可抗力调整："


class LifecycleError(StoreError):
    """A procedure step refused, with the reason in Chinese."""


def stage(yf: YearFile) -> str:
    """The current stage (草稿 when never set)."""
    value = yf.get_meta(STAGE_KEY)
    return value if value in STAGES else DRAFT


def is_issued(yf: YearFile) -> bool:
    return stage(yf) == ISSUED


def revised(yf: YearFile) -> str | None:
    """"<date>：<reason>" once an issued year was reopened, else None."""
    return yf.get_meta(REVISED_KEY) or None


def next_stage(current: str) -> str | None:
    i = STAGES.index(current)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def acknowledged(yf: YearFile) -> set[str]:
    try:
        return set(json.loads(yf.get_meta(ACKNOWLEDGED_KEY) or "[]"))
    except ValueError:
        return set()


def acknowledge(yf: YearFile, warnings: Iterable[str]) -> None:
    """Record that the clerk has read these warnings (audited, source 流程)."""
    texts = sorted(acknowledged(yf) | set(warnings))
    yf.set_meta(ACKNOWLEDGED_KEY, json.dumps(texts, ensure_ascii=False), source=SOURCE,
                note="确认已知悉提示")


def unresolved_warnings(yf: YearFile, result: YearResult) -> list[str]:
    seen = acknowledged(yf)
    return [w for w in _all_warnings(result) if w not in seen]


def _all_warnings(result: YearResult) -> list[str]:
    out = list(result.warnings)
    for c in result.communities:
        out.extend(f"{c.name}：{w}" for w in c.warnings)
    for s in result.staff:
        out.extend(f"{s.person}：{w}" for w in s.warnings)
    return list(dict.fromkeys(out))


def blockers(yf: YearFile, result: YearResult | None, target: str) -> list[str]:
    """Why the year cannot move to `target` (empty when it can), in Chinese."""
    if target not in PUBLICITY_STAGES:
        return []
    if result is None:
        return ["尚未计算出考绩结果。"]
    out = []
    if not result.complete:
        missing = "、".join(result.missing[:5]) if result.missing else "部分得分"
        more = f"等 {len(result.missing)} 项" if len(result.missing) > 5 else ""
        out.append(f"年度数据尚不完整（缺少：{missing}{more}），不能进入{target}。")
    open_warnings = unresolved_warnings(yf, result)
    if open_warnings:
        out.append(f"还有 {len(open_warnings)} 条提示未确认（如：{open_warnings[0]}），"
                   f"请逐条核对并确认后再进入{target}。")
    return out


def advance(yf: YearFile, result: YearResult | None, *, note: str = "") -> str:
    """Move to the next stage; returns it. Raises `LifecycleError` if refused."""
    current = stage(yf)
    target = next_stage(current)
    if target is None:
        raise LifecycleError("本年度考绩已发文，流程已完成。")
    problems = blockers(yf, result, target)
    if problems:
        raise LifecycleError("\n".join(problems))
    _move(yf, target, f"{current} → {target}" + (f"：{note}" if note else ""))
    return target


def step_back(yf: YearFile, *, reason: str) -> str:
    """Return to the previous stage before issue (e.g. objections in publicity)."""
    current = stage(yf)
    if current == ISSUED:
        raise LifecycleError("已发文的年度须“重新打开”，并说明理由。")
    if current == DRAFT:
        raise LifecycleError("当前已是草稿阶段。")
    reason = _required(reason, "退回理由")
    target = STAGES[STAGES.index(current) - 1]
    _move(yf, target, f"{current} → {target}（退回）：{reason}")
    return target


def reopen(yf: YearFile, *, reason: str, today: dt.date | None = None) -> str:
    """Reopen an issued year for changes: back to 草稿, later prints marked revised."""
    if stage(yf) != ISSUED:
        raise LifecycleError("只有已发文的年度需要重新打开。")
    reason = _required(reason, "重新打开的理由")
    day = (today or dt.date.today()).isoformat()
    make_backup(yf, SOURCE)
    yf.apply([Change("meta", (REVISED_KEY,), {"value": f"{day}：{reason}"}),
              Change("meta", (STAGE_KEY,), {"value": DRAFT})],
             source=SOURCE, note=f"重新打开：{reason}")
    return DRAFT


def _move(yf: YearFile, target: str, note: str) -> None:
    make_backup(yf, SOURCE)
    yf.set_meta(STAGE_KEY, target, source=SOURCE, note=note)


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise LifecycleError(f"请填写{what}。")
    return text


def force_majeure_note(meeting: str) -> str:
    """The audit note of a force-majeure change (§四(四)), naming the approving meeting."""
    return FORCE_MAJEURE_PREFIX + _required(
        meeting, "审定该调整的班子会议（如：2017年第12次班子会议审定）")


def apply_force_majeure(yf: YearFile, changes: list[Change], *, meeting: str,
                        source: str = "录入") -> list[Change]:
    """Apply indicator changes logged as force majeure with the approving meeting."""
    return yf.apply(changes, source=source, note=force_majeure_note(meeting))


def history(yf: YearFile) -> list[AuditEntry]:
    """Procedure steps, newest first."""
    return [e for e in yf.audit() if e.source == SOURCE and e.table == "meta"
            and e.key in (f'["{STAGE_KEY}"]', f'["{REVISED_KEY}"]')]
