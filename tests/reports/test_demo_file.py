"""The demo year file carries its publicity text, and the printed sheet shows it."""

from pathlib import Path

from kaoji_desktop.demo import create_demo_file
from kaoji_desktop.reports.cli_support import run_report
from kaoji_desktop.reports.settings import load_settings
from kaoji_desktop.store import YearFile
from tests.reports.reports_helpers import pdf_text, squeeze


def test_demo_file_has_publicity_settings_and_prints_them(tmp_path: Path) -> None:
    path = tmp_path / "演示.kaoji"
    create_demo_file(path)
    with YearFile.open(path, readonly=True) as yf:
        settings = load_settings(yf)
    assert settings.phone == "0577-8800 0000" and settings.contact == "陈老师"
    # three working days by default: Monday 15 to Wednesday 17 January 2018
    assert str(settings.end_date()) == "2018-01-17"
    assert settings.address and settings.doc_number

    pdf = tmp_path / "公示.pdf"
    assert run_report("publicity-communities", str(path), str(pdf), None) == 0
    text = squeeze(pdf_text(pdf))
    assert "0577-88000000" in text.replace(" ", "")
    assert "陈老师" in text
    assert "2018年1月15日" in text
