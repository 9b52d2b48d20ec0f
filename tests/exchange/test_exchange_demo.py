"""The demo year shows every rule at work (RULES.md)."""

from decimal import Decimal

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import LINES_2017
from kaoji_desktop.demo import demo_year


def test_demo_is_deterministic():
    assert demo_year() == demo_year()


def test_demo_shape():
    d = demo_year()
    assert d.year == 2017 and d.organisation == "大南街道"
    assert [c.name for c in d.communities] == [
        "花柳塘社区", "虞师里社区", "马鞍池社区", "双莲桥社区", "白鹿洲社区", "山前街社区",
        "荷花社区"]
    assert d.lines == LINES_2017
    people = {p.person for p in d.posts}
    assert 55 <= len(people) <= 65
    assert {p.kind for p in d.posts} == {
        "网格长", "网格指导员", "社区书记", "破难攻坚网格长", "专职社工"}
    for c in d.communities:
        points = sum((p.points for p in d.projects if p.community == c.name), Decimal(0))
        assert points == 24, c.name
    assert {b.status for b in d.bonus_items} == {"申报", "通过", "驳回"}
    assert any(b.points < 0 and b.status == "通过" for b in d.bonus_items)
    full = {line.name: line.full_marks for line in d.lines}
    assert all(0 <= s.score <= full[s.line] for s in d.line_scores)
    assert len(d.line_scores) == 7 * 11 * 4
    assert len({(b.kind, b.tier) for b in d.reward_bases}) == 15


def test_demo_results_show_every_rule():
    r = compute_year(demo_year())
    rules = {m.rule for c in r.communities for m in c.moves}
    assert {"一票否决", "递补第一等次", "95%规则"} <= rules
    vetoed = [c for c in r.communities if any(m.rule == "一票否决" for m in c.moves)]
    assert vetoed and vetoed[0].rank <= 2 and vetoed[0].tier == 2
    assert any(t.kind == "连续末位约谈" for t in r.talks)
    assert any(t.kind == "末位约谈" for t in r.talks)
    totals = [c.total for c in r.communities]
    assert len(set(totals)) == len(totals)
    failed = [s for s in r.staff if s.failed]
    assert len(failed) == 1 and failed[0].grade_name == "不合格" and failed[0].reward == 0
    two_posts = [s for s in r.staff if len({p.community for p in s.posts}) == 2]
    assert len(two_posts) == 1
    assert sorted(p.months for p in two_posts[0].posts) == [5, 7]
    assert any("无对应条线" in w for s in r.staff for w in s.warnings)
    assert {s.category for s in r.staff} == {"A", "B", "C"}
    assert {s.grade for s in r.staff if not s.failed} == {1, 2, 3}
    assert all(s.reward > 0 for s in r.staff if not s.failed)
