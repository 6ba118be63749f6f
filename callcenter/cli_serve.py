"""`callcenter serve`: the desk in a browser, one desk process per connection (textual-serve).

    callcenter serve [--db PATH] [--host 127.0.0.1] [--port 8000] [--public-url URL]

The web server's OS account is shared by everyone who connects, so every served desk starts on the
sign-in screen (`--sign-in`), whatever `shared_logins` says. The command each connection runs is
fixed here: a browser sends keys and its terminal size, nothing that reaches the command line.
textual-serve is an optional extra and is imported only when this command runs.
"""
from __future__ import annotations

import re
import shlex
import sys
import tempfile
from pathlib import Path

from callcenter.i18n import t

LOOPBACK = "127.0.0.1"
PORT = 8000


def add_parser(sub, common) -> None:
    parser = sub.add_parser("serve", help="serve the desk to browsers; everyone signs in (needs callcenter[web])")
    common(parser, sub=True)
    parser.add_argument("--host", default=LOOPBACK, help=f"address to listen on (default: {LOOPBACK}, this "
                                                         "machine only; put a TLS reverse proxy in front)")
    parser.add_argument("--port", type=int, default=PORT, help=f"port to listen on (default: {PORT})")
    parser.add_argument("--public-url", help="the address browsers use, when a reverse proxy is in front "
                                             "(e.g. https://desk.example.com): links and the websocket use it")


def desk_command(args) -> str:
    """The shell command textual-serve runs for each connection: this desk, always signing in.

    --db and --lang only as given here (a URL from $CALLCENTER_DB stays off every command line:
    the desks inherit this process's environment)."""
    argv = [sys.executable, "-m", "callcenter", "--sign-in"]
    if getattr(args, "db", None):
        argv += ["--db", args.db]
    if getattr(args, "lang", None):
        argv += ["--lang", args.lang]
    return shlex.join(argv)


def page_folder(folder: Path) -> Path:
    """textual-serve's page template, less its link to a web font service: where that service is
    out of reach (mainland China) the stylesheet would hold the page's script, and the desk, until
    the browser gives up. The terminal then uses the browser's own monospace font."""
    import textual_serve

    page = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    text = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", page.read_text(encoding="utf-8"))
    (folder / page.name).write_text(text, encoding="utf-8")
    return folder


def run(args, open_db) -> int:
    import db
    from callcenter.services import signin
    from callcenter.services.errors import Refused

    try:
        from textual_serve.server import Server
    except ImportError:
        raise Refused("serve.needs_extra") from None
    open_db(args.db)  # a missing or foreign database is one line here, not a broken page per browser
    if not signin.anyone_has_password():
        raise Refused("serve.no_passwords")
    db.close_database()
    with tempfile.TemporaryDirectory(prefix="callcenter-page-") as folder:
        server = Server(desk_command(args), host=args.host, port=args.port, title=t("app.title"),
                        public_url=args.public_url.rstrip("/") if args.public_url else None,
                        templates_path=page_folder(Path(folder)))
        server.serve()
    return 0

