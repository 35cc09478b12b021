"""`make run` brings up every service, prints the URLs, and Ctrl-C stops all of them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.services import PROJECT_ROOT, free_port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_make_run_starts_everything_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "PHUEAN_WEB_PORT": free_port()}
    env = {
        **os.environ,
        **{key: str(port) for key, port in ports.items()},
        "PHUEAN_DB_URL": f"sqlite:///{tmp_path / 'run.db'}",
    }
    output = tmp_path / "make-run.out"
    with output.open("wb") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # like a terminal: Ctrl-C goes to the whole group
        )
    urls = {
        "web chat": f"http://127.0.0.1:{ports['PHUEAN_WEB_PORT']}/",
        "Rasa server": f"http://127.0.0.1:{ports['RASA_PORT']}/status",
        "actions": f"http://127.0.0.1:{ports['ACTION_PORT']}/health",
    }
    try:
        deadline = time.monotonic() + 240
        while "Press Ctrl-C" not in output.read_text(errors="replace"):
            assert make.poll() is None, output.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "make run did not come up"
            time.sleep(0.5)
        printed = output.read_text(errors="replace")
        for name, url in urls.items():
            assert _answers(url), f"{name} is not answering at {url}"
            assert url.rsplit("/", 1)[0] in printed, f"{name} URL not printed"
    finally:
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=60)
    time.sleep(1)
    assert [name for name, url in urls.items() if _answers(url)] == []
