"""`pip install .` makes a package that runs on its own: questionnaires, templates, static files and the
compiled Welsh catalogue inside it, served from a folder that is not the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from bench.serving import free_port
from survey_app.config import PROJECT_ROOT

HOST = "lleisiau.example.gov.wales"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """A wheel built from this checkout, installed into a new virtual environment outside it.

    The wheel itself goes in with --no-deps; its dependencies come from the suite's own environment
    (added to the new one's path), so the test needs no download beyond the build's own tools.
    """
    folder = tmp_path_factory.mktemp("installed")
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(PROJECT_ROOT)],
        check=True,
        cwd=folder,
    )
    (wheel,) = wheels.glob("lleisiau-*.whl")
    env_dir = folder / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True)
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "suite-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = folder / "elsewhere"
    work.mkdir()
    return {"python": python, "site": site, "work": work}


def _environment(work: Path) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items() if not name.startswith(("LLEISIAU_", "FLASK_"))}
    return keep | {
        "LLEISIAU_ENV": "production",
        "SECRET_KEY": "k" * 40,
        "LLEISIAU_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": f"sqlite:///{work / 'lleisiau.sqlite3'}",
        "PYTHONPATH": "",
    }


def _flask(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed["python"], "-m", "flask", "--app", "survey_app.wsgi", *args],
        cwd=installed["work"],
        env=_environment(installed["work"]),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_installed_package_is_not_the_checkout(installed):
    where = subprocess.run(
        [
            installed["python"],
            "-c",
            "import survey_app, survey_app.paths as p; print(survey_app.__file__, p.INSTALLED)",
        ],
        cwd=installed["work"],
        env=_environment(installed["work"]),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(installed["site"]) in where and str(PROJECT_ROOT) not in where
    assert where.split()[-1] == "True"


def test_an_installed_package_migrates_loads_its_questionnaires_and_serves_welsh(installed):
    upgrade = _flask(installed, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    load = _flask(installed, "questionnaires", "load")
    assert load.returncode == 0, load.stdout + load.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            installed["python"],
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "survey_app.wsgi:app",
        ],
        cwd=installed["work"],
        env=_environment(installed["work"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/cy/staff/sign-in", server)
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()  # type: ignore[union-attr]
    assert '<html lang="cy"' in page
    assert "Mewngofnodi" in page and "Sign in</" not in page
    assert "/static/lleisiau." in page  # the stylesheet, served from the package


def test_an_installed_package_without_its_welsh_catalogue_refuses_to_start_in_one_line(installed):
    catalogue = (
        installed["site"] / "survey_app" / "bundled" / "translations" / "cy" / "LC_MESSAGES" / "messages.mo"
    )
    kept = catalogue.read_bytes()
    catalogue.unlink()
    try:
        result = _flask(installed, "db", "upgrade")
    finally:
        catalogue.write_bytes(kept)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    how = "run `make compile-translations` (or `pybabel compile -d translations`)"
    assert lines == [f"Lleisiau cannot start: the Welsh catalogue {catalogue} is missing: {how}"]


def _get_when_up(url: str, server: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            request = urllib.request.Request(url, headers={"Host": HOST})
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    server.stderr.read().decode() if server.stderr else "no server"
                ) from None
            time.sleep(0.3)
