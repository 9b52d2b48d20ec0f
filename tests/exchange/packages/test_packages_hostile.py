"""Hostile and odd returns: each one refused with a Chinese message (or read
as what it means), never a crash, and the year file's data unchanged."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kaoji_desktop.exchange.packages import (
    PackageError,
    incoming,
    incoming_all,
    make_return,
    merge_return,
    read_any_return,
    read_package,
    read_return,
    write_package,
    write_return,
    write_template,
)
from kaoji_desktop.exchange.packages.cli import main as cli_main
from kaoji_desktop.exchange.packages.container import MEMBER
from kaoji_desktop.exchange.packages.fileformat import return_content, sign
from kaoji_desktop.store import YearFile
from tests.exchange.packages.pkg_helpers import data_tables, filled, issue

D = Decimal
CELL = ["line_scores", ["花柳塘社区", "城管", "三季度"]]


def crafted(pkg, path: Path, value: object = "9", *, signed: bool = True, **fields) -> Path:
    """A .kjret whose first cell holds `value` as given, HMAC made with the
    package's real secret (so only the value check can refuse it)."""
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="2017-10-09")
    content = return_content(ret) | fields
    content["values"] = [[t, k, value if k == CELL[1] else x]
                         for t, k, x in content["values"]]
    mac = sign(pkg.secret, content) if signed else "0" * 64
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MEMBER, json.dumps(content | {"mac": mac}, ensure_ascii=False))
    return path


def refused_unchanged(year_path: Path, path: Path, words: str) -> str:
    before = data_tables(year_path)
    with YearFile.open(year_path) as yf:
        item = incoming(yf, path)
    assert item.preview is None and words in item.error, item.error
    assert ("未合并" if path.suffix == ".kjret" else "未导入") in item.error
    with YearFile.open(year_path) as yf, pytest.raises(PackageError, match=words):
        merge_return(yf, read_any_return(path))
    assert data_tables(year_path) == before
    return item.error


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "sNaN", "NaN", "1e400", "1E400",
                                   "11.123456789", "0.001", "inf", "", "abc", True, [1],
                                   {"x": 1}])
def test_malformed_values_refused_without_crash(year_path: Path, tmp_path: Path, value):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "bad.kjret", value)
    error = refused_unchanged(year_path, path, "未合并")
    assert "花柳塘社区" in error or "损坏" in error  # located, in Chinese


@pytest.mark.parametrize("literal", ["Infinity", "-Infinity", "NaN", "1e400", "-1e400"])
def test_json_number_literals_refused(year_path: Path, tmp_path: Path, literal: str):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "bad.kjret", "__X__")
    raw = zipfile.ZipFile(path).read(MEMBER).decode().replace('"__X__"', literal)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MEMBER, raw)
    refused_unchanged(year_path, path, "未合并")


def test_negative_zero_is_stored_as_zero(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "zero.kjret", "-0")
    with YearFile.open(year_path) as yf:
        merge_return(yf, read_return(path))
        rows = yf.conn.execute("SELECT score FROM line_scores WHERE community='花柳塘社区' "
                               "AND line='城管' AND period='三季度'").fetchall()
        data = yf.load()
    assert rows in ([("0",)], [(0,)])
    score = next(s.score for s in data.line_scores
                 if (s.community, s.line, s.period) == tuple(CELL[1]))
    assert score == 0 and not score.is_signed()


def test_out_of_range_and_decimals_checked_against_the_file(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    refused_unchanged(year_path, crafted(pkg, tmp_path / "a.kjret", "12.5"), "超出范围")
    refused_unchanged(year_path, crafted(pkg, tmp_path / "b.kjret", "11.123456789"),
                      "最多保留两位小数")


def bomb(path: Path, megabytes: int) -> Path:
    """One member of `megabytes` zeros, deflated (a few hundred KB on disk)."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(MEMBER, "w") as fh:
        for _ in range(megabytes):
            fh.write(chunk)
    return path


def test_400_mb_member_refused_at_once_in_bounded_memory(year_path: Path, tmp_path: Path):
    path = bomb(tmp_path / "bomb.kjret", 400)
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(PackageError, match="解压后过大"):
            read_return(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    refused_unchanged(year_path, path, "解压后过大")


def test_many_members_and_extra_members_refused(tmp_path: Path, year_path: Path):
    many = tmp_path / "many.kjret"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(3000):
            zf.writestr(f"m{i}", b"")
    refused_unchanged(year_path, many, "3000 个成员")
    pkg = issue(year_path, "城管办", "三季度")
    extra = crafted(pkg, tmp_path / "extra.kjret")
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("evil.exe", b"MZ")
    refused_unchanged(year_path, extra, "含有 2 个成员")


def test_oversized_file_refused_before_reading(tmp_path: Path, year_path: Path):
    big = tmp_path / "big.kjret"
    with open(big, "wb") as fh:
        fh.truncate(5 * 1024 * 1024)
    refused_unchanged(year_path, big, "过大")


def test_bounded_package_reading(tmp_path: Path, year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_package(pkg, tmp_path / "t.kjtask")
    assert read_package(path).package_id == pkg.package_id
    with pytest.raises(PackageError, match="解压后过大"):
        read_package(bomb(tmp_path / "bomb.kjtask", 40))
    raw = json.loads(zipfile.ZipFile(path).read(MEMBER))
    raw["values"][0][2] = "Infinity"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MEMBER, json.dumps(raw, ensure_ascii=False))
    with pytest.raises(PackageError, match="无法打开"):
        read_package(path)


def test_superseded_packages_late_return_refused_naming_the_newer(year_path: Path,
                                                                 tmp_path: Path):
    first = issue(year_path, "城管办", "三季度")
    second = issue(year_path, "城管办", "三季度")
    late = make_return(first, filled(first), signer="李", sign_date="")
    new = make_return(second, filled(second, salt=3), signer="李", sign_date="")
    with YearFile.open(year_path) as yf:
        merge_return(yf, new)
    error = refused_unchanged(year_path, write_return(late, tmp_path / "late.kjret"), "取代")
    assert second.package_id[:8] in error and "城管办·三季度" in error
    # with 保留本机 just as well: nothing of the old package reaches the file
    with YearFile.open(year_path) as yf, pytest.raises(PackageError, match="取代"):
        merge_return(yf, late, "keep")


def test_revoked_package_refused(year_path: Path, tmp_path: Path):
    from kaoji_desktop.exchange.packages import issued_packages, revoke_changes

    pkg = issue(year_path, "城管办", "三季度")
    with YearFile.open(year_path) as yf:
        yf.apply(revoke_changes(yf, pkg.package_id), source="流程")
        assert issued_packages(yf)[0].status == "已作废"
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="")
    refused_unchanged(year_path, write_return(ret, tmp_path / "r.kjret"), "作废")


def test_far_future_clock_does_not_block_a_correction(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    future = crafted(pkg, tmp_path / "f.kjret", "9", saved_at="2099-01-01T00:00:00.000000")
    with YearFile.open(year_path) as yf:
        merge_return(yf, read_return(future))
    correction = make_return(pkg, filled(pkg, salt=4), signer="李", sign_date="", sequence=2)
    with YearFile.open(year_path) as yf:
        merge_return(yf, correction)
        data = yf.load()
    got = {(s.community, s.line, s.period): s.score for s in data.line_scores}
    assert all(got[k[1]] == x for k, x in correction.values.items())
    # an earlier save dated later is still refused: the counter decides
    stale = crafted(pkg, tmp_path / "s.kjret", "9", saved_at="2100-01-01T00:00:00.000000")
    refused_unchanged(year_path, stale, "较早的版本")


def test_every_bad_file_one_error_the_others_proceed(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    good = write_return(make_return(pkg, filled(pkg), signer="李", sign_date=""),
                        tmp_path / "good.kjret")
    bad = [crafted(pkg, tmp_path / "inf.kjret", "Infinity"), bomb(tmp_path / "b.kjret", 40),
           tmp_path / "missing.kjret"]
    (tmp_path / "x.kjret").write_bytes(b"PK\x03\x04garbage")
    bad.append(tmp_path / "x.kjret")
    with YearFile.open(year_path) as yf:
        items = incoming_all(yf, [bad[0], good, *bad[1:]])
    assert [i.ok for i in items] == [False, True, False, False, False]
    assert all(i.error for i in items if not i.ok)


def test_cli_answers_every_bad_file_with_exit_2(year_path: Path, tmp_path: Path, capsys):
    pkg = issue(year_path, "城管办", "三季度")
    good = write_return(make_return(pkg, filled(pkg), signer="李", sign_date=""),
                        tmp_path / "good.kjret")
    inf = crafted(pkg, tmp_path / "inf.kjret", "Infinity")
    big = bomb(tmp_path / "bomb.kjret", 40)
    code = cli_main(["merge", str(year_path), str(inf), str(good), str(big)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "已合并 good.kjret" in out
    assert "inf.kjret" in err and "bomb.kjret" in err and "意外错误" not in err
    assert len([line for line in err.splitlines() if "未合并" in line]) == 2


def test_template_formulas_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    for i, formula in enumerate(["=B3+1", '=HYPERLINK("http://x","9")',
                                 "=cmd|' /C calc'!A0", "=1/0"]):
        path = write_template(pkg, tmp_path / f"t{i}.xlsx")
        wb = load_workbook(path)
        wb.worksheets[1]["B2"] = formula
        wb.save(path)
        error = refused_unchanged(year_path, path, "公式")
        assert "第 2 行第 B 列" in error


def test_template_signing_block_formula_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["填写说明"]["B12"] = '=HYPERLINK("http://x","张华")'
    wb.save(path)
    refused_unchanged(year_path, path, "公式")


def test_template_route_says_unsealed(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb.worksheets[1]["B2"] = 9
    wb["填写说明"]["B12"] = "张华"
    wb.save(path)
    with YearFile.open(year_path) as yf:
        item = incoming(yf, path)
    assert item.ok and not item.preview.ret.sealed
    assert "未加密封" in item.preview.summary and "未加密封" in item.preview.seal_text


def test_template_bomb_refused(year_path: Path, tmp_path: Path):
    path = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("xl/worksheets/sheet1.xml", "w") as fh:
        for _ in range(100):
            fh.write(chunk)
    refused_unchanged(year_path, path, "解压后过大")


def test_notes_carried_into_preview_and_audit(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    key = ("line_scores", tuple(CELL[1]))
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="",
                      notes={key: "9月12日占道经营 2 处，扣 1 分"})
    path = write_return(ret, tmp_path / "n.kjret")
    with YearFile.open(year_path) as yf:
        item = incoming(yf, path)
        assert next(m.note for m in item.preview.items if m.key == key) == \
            "9月12日占道经营 2 处，扣 1 分"
        merge_return(yf, item.ret)
        notes = {a.note for a in yf.audit() if a.source == "合并回执"}
    assert any("花柳塘社区·城管·三季度：9月12日占道经营 2 处，扣 1 分" in n for n in notes)


def test_note_for_a_cell_outside_the_return_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "n.kjret", "9",
                   notes=[["line_scores", ["某社区", "城管", "三季度"], "扣分"]])
    refused_unchanged(year_path, path, "扣分说明")


def test_template_entity_bomb_refused(year_path: Path, tmp_path: Path):
    """Billion laughs in the form sheet: expat's amplification limit refuses it."""
    pkg = issue(year_path, "城管办", "三季度")
    src = zipfile.ZipFile(write_template(pkg, tmp_path / "t.xlsx"))
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                text = data.decode()
                body = text[text.index("<worksheet"):].replace(
                    "<sheetData>", '<sheetData><row r="99"><c r="A99" t="inlineStr"><is>'
                                   "<t>&l9;</t></is></c></row>", 1)
                data = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]>{body}'.encode()
            dst.writestr(item, data)
    refused_unchanged(year_path, path, "未导入")


def test_zip_declaring_one_member_with_a_huge_directory_refused(year_path: Path,
                                                                tmp_path: Path):
    """The end record says 1 member but the directory holds thousands."""
    import struct

    path = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(5000):
            zf.writestr(f"m{i}", b"")
    raw = bytearray(path.read_bytes())
    at = raw.rfind(b"PK\x05\x06")
    raw[at + 8:at + 12] = struct.pack("<2H", 1, 1)
    path.write_bytes(bytes(raw))
    refused_unchanged(year_path, path, "目录过大")


def test_template_carries_notes_and_last_period(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    form = wb.worksheets[1]
    heads = [str(c.value) for c in form[1]]
    assert heads[2] == "二季度（参考）\n城管" and heads[3] == "扣分说明（选填）\n城管"
    row = next(r for r in range(2, form.max_row + 1) if form.cell(r, 1).value == "花柳塘社区")
    assert form.cell(row, 3).value is not None  # last period's score, for reference
    form.cell(row, 2, 10)
    form.cell(row, 4, "占道经营，扣 2 分")
    wb["填写说明"]["B12"] = "张华"  # an unsigned template is refused
    wb.save(path)
    key = ("line_scores", ("花柳塘社区", "城管", "三季度"))
    with YearFile.open(year_path) as yf:
        item = incoming(yf, path)
    assert item.ok and item.ret.notes == {key: "占道经营，扣 2 分"}
    wb = load_workbook(path)
    wb.worksheets[1].cell(row, 4, '=HYPERLINK("http://x","扣分")')
    wb.save(path)
    refused_unchanged(year_path, path, "扣分说明）：单元格含有公式")
