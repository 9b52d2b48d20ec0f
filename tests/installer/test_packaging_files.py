"""The workflow, the spec and the Inno Setup script promise what they should,
and every file they name exists."""

import re
import struct
from pathlib import PureWindowsPath

import pytest
import yaml

from tests.installer.conftest import INSTALLER, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
SPEC = INSTALLER / "kaoji.spec"
ISS = INSTALLER / "kaoji.iss"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_text(job) -> str:
    return "\n".join(f"{s.get('name', '')}\n{s.get('uses', '')}\n{s.get('run', '')}"
                     for s in job["steps"])


def test_workflow_triggers(workflow):
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request", "workflow_dispatch"} <= set(on)


def test_windows_job_builds_tests_and_uploads_the_installer(workflow):
    job = workflow["jobs"]["windows"]
    assert job["runs-on"] == "windows-latest"
    text = steps_text(job)
    order = [
        "actions/setup-python",
        'pip install -e ".[dev]"',
        "python -m pytest",
        "pyinstaller installer/kaoji.spec",
        "--self-test",
        "ISCC.exe",
        "actions/upload-artifact",
    ]
    positions = [text.find(marker) for marker in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "choco install innosetup" in text
    assert "/DAppVersion=" in text and "installer\\kaoji.iss" in text
    assert "ExitCode -ne 0" in text  # the self-test's exit code fails the job
    upload = next(s for s in job["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].startswith("dist/kaoji-desktop-setup-")
    assert upload["with"]["if-no-files-found"] == "error"


def test_linux_job_builds_and_self_tests(workflow):
    job = workflow["jobs"]["linux"]
    assert job["runs-on"].startswith("ubuntu")
    text = steps_text(job)
    assert "bash scripts/test.sh" in text
    assert "bash scripts/build_frozen.sh" in text
    script = (ROOT / "scripts" / "build_frozen.sh").read_text(encoding="utf-8")
    assert "installer/kaoji.spec" in script and "--self-test" in script


def test_workflow_scripts_exist(workflow):
    for job in workflow["jobs"].values():
        for path in re.findall(r"(?:scripts|installer)/[\w./-]+\.(?:sh|py|spec)",
                               steps_text(job)):
            assert (ROOT / path).is_file(), path


def test_spec_references_exist(build_config):
    text = SPEC.read_text(encoding="utf-8")
    assert '"entry.py"' in text and (INSTALLER / "entry.py").is_file()
    assert build_config.ICON.is_file()
    assert (INSTALLER / "version_info.txt.in").is_file()
    for folder in build_config.RESOURCE_DIRS:
        assert folder.is_dir()
    assert "KAOJI_ONEFILE" in text and "COLLECT(" in text  # onedir default, onefile option
    entry = (INSTALLER / "entry.py").read_text(encoding="utf-8")
    assert "kaoji_desktop.launcher import main" in entry
    launcher = (ROOT / "kaoji_desktop" / "launcher.py").read_text(encoding="utf-8")
    assert "kaoji_desktop.selftest import run" in launcher  # before the GUI is imported


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def test_iss_setup_promises():
    setup = dict(line.split("=", 1) for line in iss_sections()["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["OutputBaseFilename"] == "kaoji-desktop-setup-{#AppVersion}"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["ChangesAssociations"] == "yes"
    assert setup["DefaultDirName"].startswith("{autopf}")


def test_iss_never_deletes_user_files():
    sections = iss_sections()
    assert "UninstallDelete" not in sections
    for line in sections.get("InstallDelete", []):
        assert "{app}" in line and "{userdocs}" not in line


def test_iss_shortcuts_and_file_types():
    sections = iss_sections()
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons and "{autodesktop}" in icons
    registry = "\n".join(sections["Registry"])
    for ext in (".kaoji", ".kjtask", ".kjret"):
        assert f'Subkey: "Software\\Classes\\{ext}"' in registry
    assert all(line.startswith("Root: HKCU;") for line in sections["Registry"])
    for icon in ("kaoji.ico", "kjtask.ico", "kjret.ico"):
        assert f"{{app}}\\icons\\{icon}" in registry
    assert registry.count('shell\\open\\command') == 3


def test_iss_source_files_exist():
    text = ISS.read_text(encoding="utf-8-sig")
    named = re.findall(r'(?:Source: "|SetupIconFile=)(\.\.\\[^"*\n]+)', text)
    assert len(named) >= 4
    for rel in named:
        path = INSTALLER.joinpath(*PureWindowsPath(rel.strip()).parts)
        assert path.resolve().is_file(), rel


def ico_sizes(path) -> list[int]:
    data = path.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, _h, _c, _r, _planes, bpp, length, offset = struct.unpack_from("<BBBBHHII", data,
                                                                          6 + 16 * i)
        assert bpp == 32 and offset + length <= len(data)
        sizes.append(w or 256)
    return sizes


@pytest.mark.parametrize("name", ["kaoji", "kjtask", "kjret"])
def test_icons_are_multi_size(name):
    assert ico_sizes(ROOT / "resources" / f"{name}.ico") == [16, 24, 32, 48, 64, 128, 256]
    png = (ROOT / "resources" / f"{name}.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)
