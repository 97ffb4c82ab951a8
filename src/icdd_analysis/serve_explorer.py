"""icdd-explore: the explorer (``notebooks/03-explore.ipynb``) as a web app with Voilà, no code visible.

    icdd-explore                  # http://127.0.0.1:8866/ in English
    icdd-explore --lang id --port 0
    icdd-explore --public         # every address of this machine (a class on the campus network)

The notebook is found where the report runner finds notebooks (inside the installed wheel, or the checkout's
``notebooks/``), so an editable install and a wheel serve the same file. Voilà passes no parameters to a
notebook (query strings would need an extension), so the UI language is given the way papermill gives it: a
copy of the notebook's code cells with an injected ``lang`` cell, written with nothing else into a private
temporary folder. Voilà serves only that folder (never the checkout or the data folder); the copy is
removed when the server stops.

Voilà starts one Python kernel per visitor (page load) and has no login: by default it listens on 127.0.0.1
only, and any other address needs ``--public``, which prints what that means.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from pathlib import Path

EXPLORER_NOTEBOOK = "03-explore.ipynb"
DEFAULT_PORT = 8866
EXIT_BAD_INPUT = 2
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: A visitor's kernel with no page connected is stopped after this many idle seconds. Voilà's own shutdown
#: when a page closes is refused by its XSRF check (voila-dashboards/voila#1458, open in 0.5.13), so without
#: culling every visit would keep its kernel, and its memory, until the server stops.
CULL_IDLE_SECONDS = 600
INSTALL_HINT = "install the explore extra: pip install 'icdd-analysis[explore]'"
PUBLIC_WARNING = (
    "warning: serving the explorer on {ip}, reachable by anyone who can reach this machine on port {port}.\n"
    "  Voilà starts one Python kernel per visitor (about {mb} MB of memory each, measured) and asks for no login:\n"
    "  keep it on a trusted network (a class's campus network, behind its firewall) or behind a reverse proxy\n"
    "  with a login, and stop it (Ctrl+C) after the class."
)
#: Memory of one visitor's kernel, measured by benchmarks/explore_memory.py (README, "Explore").
MB_PER_VISITOR = 250


def _parser() -> argparse.ArgumentParser:
    from .i18n import LANGS

    parser = argparse.ArgumentParser(
        prog="icdd-explore",
        description="Serve the icdd-analysis explorer as a web app with Voilà (no code shown).")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the app (default: en)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default: {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--ip", default=None,
                        help="address to listen on (default: 127.0.0.1; any other needs --public)")
    parser.add_argument("--public", action="store_true",
                        help="allow listening on a non-local address (default then: 0.0.0.0, every address)")
    parser.add_argument("--browser", action="store_true", help="open a web browser (default: do not)")
    parser.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS, metavar="SECONDS",
                        help="stop a visitor's kernel this long after its page is gone "
                             f"(default: {CULL_IDLE_SECONDS})")
    return parser


def listen_address(ip: str | None, public: bool) -> str:
    """The address to bind: loopback unless ``--public``; a non-local ``--ip`` without it is refused."""
    if ip is None:
        return "0.0.0.0" if public else "127.0.0.1"
    if ip not in LOOPBACK and not public:
        raise ValueError(f"--ip {ip} would let other machines reach the explorer; add --public to do that "
                         "on purpose (Voilà runs a kernel per visitor and has no login), or leave out --ip "
                         "for 127.0.0.1.")
    return ip


def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as probe:
        probe.bind((ip, 0))
        return probe.getsockname()[1]


def explorer_notebook() -> Path:
    from .report.jobs import notebooks_dir

    return notebooks_dir() / EXPLORER_NOTEBOOK


def prepare_notebook(lang: str, folder: Path, source: Path | None = None) -> Path:
    """A copy of the explorer notebook in ``folder`` with ``lang`` injected after its parameters cell, as
    papermill injects it, and only its code cells without their stored outputs (Voilà runs every cell anew).

    The notebook's Markdown is for JupyterLab users and maintainers, in English; in the web app the explorer
    speaks for itself, in the chosen language."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(source or explorer_notebook()))  # with the metadata papermill's injection expects
    nb.cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    for cell in nb.cells:
        cell.outputs, cell.execution_count = [], None
    nb = parameterize_notebook(nb, {"lang": lang}, report_mode=False)
    from .i18n import t

    nb.metadata["title"] = t("explorer_title", lang)  # the page's <title>, in the app's language
    target = Path(folder) / f"explore-{lang}.ipynb"
    nbformat.write(nb, target)
    return target


def voila_argv(notebook: Path, ip: str, port: int, open_browser: bool, cull_idle: int = CULL_IDLE_SECONDS) -> list[str]:
    return [
        str(notebook), f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0",
        "--no-browser" if not open_browser else "--Voila.open_browser=True",
        "--strip_sources=True",  # Voilà's default, said aloud: visitors never see code
        "--VoilaConfiguration.show_tracebacks=False",
        # kernels still connected to a page are never culled (cull_connected is False)
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, cull_idle // 2))}",
    ]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        ip = listen_address(args.ip, args.public)
    except ValueError as problem:
        print(f"icdd-explore: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.cull_idle < 1:
        print(f"icdd-explore: --cull-idle {args.cull_idle} must be at least 1 (seconds).", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not 0 <= args.port <= 65535:
        print(f"icdd-explore: --port {args.port} is not a port; use 1-65535, or 0 for any free port.",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        from voila.app import Voila
    except ImportError:
        print(f"icdd-explore: Voilà is not installed; {INSTALL_HINT}", file=sys.stderr)
        return EXIT_BAD_INPUT
    notebook = explorer_notebook()
    if not notebook.is_file():
        print(f"icdd-explore: the explorer notebook {notebook} is missing; reinstall icdd-analysis.",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    port = args.port or free_port(ip)
    if ip not in LOOPBACK:
        print(PUBLIC_WARNING.format(ip=ip, port=port, mb=MB_PER_VISITOR), file=sys.stderr)
    host = f"[{ip}]" if ":" in ip else ip
    print(f"icdd-explore: serving the explorer ({args.lang}) at http://{host}:{port}/ (Ctrl+C stops it)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="icdd-explore-") as folder:
        served = prepare_notebook(args.lang, Path(folder))
        # <html lang> in the app's language (nbconvert's exporter setting, which Voilà's exporter inherits)
        Voila.launch_instance(argv=[*voila_argv(served, ip, port, args.browser, args.cull_idle),
                                    f"--VoilaExporter.language_code={args.lang}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
