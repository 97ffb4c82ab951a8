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

Voilà starts one Python kernel per visitor (page load): by default it listens on 127.0.0.1 only, and any
other address needs ``--public``, which requires a token (``--token`` or the environment variable
``ICDD_EXPLORE_TOKEN``, or ``--auto-token`` for a random one that is printed): visitors open
``http://HOST:PORT/?token=...``. At most ``--max-kernels`` kernels (default :data:`DEFAULT_MAX_KERNELS`) run at
once, a visit beyond them gets "the explorer is full" (:mod:`.explorer_kernels`), and a kernel whose page is
gone is stopped after ``--cull-idle`` seconds (default :data:`CULL_IDLE_SECONDS`).

The private folder (``icdd-explore-<pid>-*`` in the system's temporary folder) also holds the Jupyter runtime
files of the server and its kernels; it is removed when the server stops (Ctrl+C, SIGTERM, or a failure), and
a folder left by a server that was killed (SIGKILL) is removed by the next start.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
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
    "  Voilà starts one Python kernel per visitor (about {mb} MB of memory each, measured; at most {max_kernels}\n"
    "  at once) for anyone who has the token, which is the only login: give it to your class only, keep the\n"
    "  server on a trusted network (a class's campus network, behind its firewall) or behind a reverse proxy\n"
    "  with a login, and stop it (Ctrl+C) after the class."
)
#: Memory of one visitor's kernel, measured by benchmarks/explore_memory.py (README, "Explore").
MB_PER_VISITOR = 250
#: Kernels (visitors) running at once by default: 20 x ~250 MB, about 5 GB at most.
DEFAULT_MAX_KERNELS = 20
TOKEN_ENV = "ICDD_EXPLORE_TOKEN"
TEMP_PREFIX = "icdd-explore-"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(?P<pid>[0-9]+)-[A-Za-z0-9_]+")


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
    parser.add_argument("--max-kernels", type=int, default=DEFAULT_MAX_KERNELS, metavar="N",
                        help=f"the most visitors (kernels) served at once (default: {DEFAULT_MAX_KERNELS})")
    parser.add_argument("--token", default=None,
                        help=f"a secret visitors must give (?token=...); also read from {TOKEN_ENV}; required "
                             "with --public")
    parser.add_argument("--auto-token", action="store_true", help="with --public: generate a random token and print it")
    return parser


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def clean_stale_folders(temp: str | Path | None = None) -> list[Path]:
    """Remove the private folders that servers which are no longer running left in ``temp`` (default: the
    system's temporary folder): only folders named ``icdd-explore-<pid>-*``, owned by this user, not links,
    whose process is gone. Returns the folders removed."""
    temp = Path(temp or tempfile.gettempdir())
    removed = []
    try:
        entries = list(os.scandir(temp))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        if _pid_alive(int(match["pid"])):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


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


#: The explorer page may load nothing from another host: Voilà's lab template links Font Awesome from a CDN
#: (jsdelivr), which would announce every visitor to it, and fail offline. The browser is told to fetch only
#: from the server itself (the copy button's icon, a Font Awesome glyph, is therefore not drawn; its label is).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
                           "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")


def voila_settings() -> dict:
    """Settings given to Voilà's application object (a nested dict has no command-line form)."""
    return {"tornado_settings": {"headers": {"Content-Security-Policy": CONTENT_SECURITY_POLICY}}}


def voila_argv(notebook: Path, ip: str, port: int, open_browser: bool, cull_idle: int = CULL_IDLE_SECONDS,
               max_kernels: int = DEFAULT_MAX_KERNELS, token: str | None = None) -> list[str]:
    auth = [f"--Voila.token={token}"] if token else []
    return [
        str(notebook), f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0", *auth,
        "--VoilaConfiguration.multi_kernel_manager_class=icdd_analysis.explorer_kernels.LimitedKernelManager",
        f"--LimitedKernelManager.max_kernels={max_kernels}",
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
    if not 1 <= args.max_kernels <= 1000:
        print(f"icdd-explore: --max-kernels {args.max_kernels} must be from 1 to 1000 (visitors at once, about "
              f"{MB_PER_VISITOR} MB each).", file=sys.stderr)
        return EXIT_BAD_INPUT
    token = args.token or os.environ.get(TOKEN_ENV, "").strip() or None
    if args.auto_token and token is None:
        token = secrets.token_urlsafe(24)
    if ip not in LOOPBACK and token is None:
        print(f"icdd-explore: --public needs a token, so that only the people you give it to can start kernels: "
              f"add --token SECRET (or set {TOKEN_ENV}), or --auto-token for a random one; visitors then open "
              "http://HOST:PORT/?token=SECRET.", file=sys.stderr)
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
        print(PUBLIC_WARNING.format(ip=ip, port=port, mb=MB_PER_VISITOR, max_kernels=args.max_kernels), file=sys.stderr)
    host = f"[{ip}]" if ":" in ip else ip
    query = f"?token={token}" if token else ""
    print(f"icdd-explore: serving the explorer ({args.lang}) at http://{host}:{port}/{query} (Ctrl+C stops it; "
          f"at most {args.max_kernels} visitors at once)", flush=True)
    clean_stale_folders()
    previous = signal.signal(signal.SIGTERM, _stop)  # SIGTERM unwinds like Ctrl+C, so the folder is removed
    try:
        with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
            runtime = Path(folder) / "runtime"
            runtime.mkdir()
            os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)  # the server's and kernels' connection files
            served = prepare_notebook(args.lang, Path(folder))
            # <html lang> in the app's language (nbconvert's exporter setting, which Voilà's exporter inherits)
            Voila.launch_instance(argv=[*voila_argv(served, ip, port, args.browser, args.cull_idle, args.max_kernels,
                                                    token), f"--VoilaExporter.language_code={args.lang}"],
                                  **voila_settings())
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _stop(signum, frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
