"""Memory of one Voilà visitor of the explorer (make bench-explore): what publishing `icdd-explore` costs.

    python benchmarks/explore_memory.py            # 2 visitors, one after the other, in headless Chromium
    python benchmarks/explore_memory.py --visitors 3 --json build/explore-memory.json

Starts `icdd-explore` on a free port, measures the server alone, then opens the app in Chromium once per
visitor (each page is a new Voilà kernel), waits until the explorer says it is ready and the kernel's memory
settles, and prints each kernel's RSS and USS (the memory only that process holds: what one more visitor
adds) and the server's RSS. Then it closes the pages and checks that their kernels are stopped (culled
after --cull-idle seconds, here 10).
Without Voilà or Chromium it prints why and exits 0 (the numbers are for people; nothing depends on them).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
#: A kernel's memory is "settled" when it grew less than this in one SETTLE_S interval.
SETTLE_BYTES, SETTLE_S, SETTLE_MAX_S = 2 * MB, 2.0, 90.0
#: Short, to see within the run that the kernels of closed pages are stopped (icdd-explore's default: 600 s).
CULL_IDLE_S = 10


def _kernels(server) -> list:
    """The server's live kernel processes (a stopped one may linger as a zombie until it is reaped)."""
    import psutil

    kernels = []
    for process in server.children(recursive=True):
        try:
            if process.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(process.cmdline()):
                kernels.append(process)
        except psutil.Error:  # gone meanwhile
            pass
    return kernels


def _settled_rss(process) -> int:
    deadline, last = time.monotonic() + SETTLE_MAX_S, process.memory_info().rss
    while time.monotonic() < deadline:
        time.sleep(SETTLE_S)
        now = process.memory_info().rss
        if now - last < SETTLE_BYTES:
            return now
        last = now
    return last


def measure(visitors: int) -> dict:
    import psutil

    sys.path.insert(0, str(ROOT))
    from tests.browser import explorer_page as ui
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, icdd_explore_command, running_server
    from playwright.sync_api import sync_playwright

    port = free_port()
    result = {"visitors": []}
    argv = [*icdd_explore_command(), "--port", str(port), "--cull-idle", str(CULL_IDLE_S)]
    with running_server("bench-voila", argv, port) as process, \
            sync_playwright() as playwright:
        server = psutil.Process(process.pid)
        result["server_idle_rss_mb"] = server.memory_info().rss / MB
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        pages, known = [], set()
        for number in range(1, visitors + 1):
            started = time.monotonic()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")  # the page streams while the notebook runs
            ui.wait_for_explorer(page)
            ui.wait_ready(page, "en", timeout=ui.FIRST_RENDER_MS)
            ready_s = time.monotonic() - started
            new = [k for k in _kernels(server) if k.pid not in known]
            assert len(new) == 1, f"visitor {number}: expected one new kernel, found {len(new)}"
            kernel = new[0]
            known.add(kernel.pid)
            rss = _settled_rss(kernel)
            visitor = {"visitor": number, "ready_s": round(ready_s, 1), "kernel_rss_mb": round(rss / MB, 1),
                       "kernel_uss_mb": round(kernel.memory_full_info().uss / MB, 1),
                       "server_rss_mb": round(server.memory_info().rss / MB, 1)}
            result["visitors"].append(visitor)
            print(f"visitor {number}: ready in {visitor['ready_s']} s; kernel RSS {visitor['kernel_rss_mb']} MB, "
                  f"USS {visitor['kernel_uss_mb']} MB; Voilà server RSS {visitor['server_rss_mb']} MB", flush=True)
            pages.append(page)
        for page in pages:
            page.close(run_before_unload=True)  # Voilà's beacon is refused (voila#1458): culling stops the kernel
        closed = time.monotonic()
        deadline = closed + 3 * CULL_IDLE_S + 30
        while _kernels(server) and time.monotonic() < deadline:
            time.sleep(0.5)
        result["kernels_left_after_closing"] = len(_kernels(server))
        result["kernels_gone_after_s"] = round(time.monotonic() - closed, 1)
        browser.close()
    result["server_idle_rss_mb"] = round(result["server_idle_rss_mb"], 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    missing = [name for name in ("voila", "playwright", "psutil") if importlib.util.find_spec(name) is None]
    from tests.browser.conftest import CHROMIUM

    if missing or not CHROMIUM.is_file():
        what = ", ".join(missing + ([] if CHROMIUM.is_file() else [f"Chromium ({CHROMIUM})"]))
        print(f"explore memory benchmark skipped: {what} not installed (make bench-explore installs the "
              "explore and browser extras; Chromium: apt-get install -y chromium).")
        return 0
    result = measure(args.visitors)
    print(f"Voilà server alone: {result['server_idle_rss_mb']} MB RSS; kernels left "
          f"{result['kernels_gone_after_s']} s after the pages closed (--cull-idle {CULL_IDLE_S}): "
          f"{result['kernels_left_after_closing']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
