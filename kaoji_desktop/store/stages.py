"""The year's procedure stages (RULES.md §4), shared by the store and lifecycle.

Kept apart from `lifecycle` so that `yearfile` can refuse edits to an issued
year without importing the lifecycle rules.
"""

from __future__ import annotations

DRAFT = "草稿"
SIGNED = "科室签审"
FIRST_PUBLICITY = "一次公示"
DECIDED = "党工委审定"
SECOND_PUBLICITY = "二次公示"
ISSUED = "已发文"
STAGES: tuple[str, ...] = (DRAFT, SIGNED, FIRST_PUBLICITY, DECIDED, SECOND_PUBLICITY, ISSUED)
PUBLICITY_STAGES = frozenset({FIRST_PUBLICITY, SECOND_PUBLICITY})

STAGE_KEY = "stage"  # meta key holding the current stage (missing = 草稿)
REVISED_KEY = "revised"  # meta: "<date>：<reason>" once an issued year was reopened
ACKNOWLEDGED_KEY = "acknowledged_warnings"  # meta: JSON list of warning texts
RESTORED_KEY = "restored_from"  # meta: backup file name after a restore
# meta keys the procedure itself may write while the year is issued (read-only)
PROCESS_KEYS = frozenset({STAGE_KEY, REVISED_KEY, RESTORED_KEY})

ISSUED_MESSAGE = ("本年度考绩已发文，数据只读。如确需修改，请在“流程”页说明理由后重新打开。")
