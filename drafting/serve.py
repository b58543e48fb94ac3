"""The live preview of ``draft watch --serve``: a page on 127.0.0.1 showing the current pages
(PNG) of the last file rendered, or its first error (Chinese, located), that updates by
itself after each render (server-sent events).  Standard library only; the page is one small
HTML file with a few lines of script and no outside resources.

Routes: ``/`` the page, ``/state`` what it shows (JSON), ``/events`` a stream with one event
per render, ``/page/<generation>/<n>.png`` the pages.  Bounded: at most ``MAX_STREAMS`` open
event streams; ``close`` ends the streams and the server.
"""
from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"  # never another interface: the preview is for the writer's own browser
MAX_STREAMS = 8
KEEPALIVE = 15.0  # seconds between comments on an idle event stream

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>draft 预览</title>
<style>
body{margin:0;background:#7a7a7a;font-family:sans-serif}
#bar{position:sticky;top:0;background:#333;color:#eee;padding:6px 12px;font-size:14px}
#error{white-space:pre-wrap;background:#fff0f0;color:#a00;margin:12px;padding:12px;font:14px monospace}
#pages img{display:block;margin:16px auto;background:#fff;box-shadow:0 1px 6px #0008;max-width:96vw}
</style></head>
<body><div id="bar">draft 预览：正在等待第一次生成……</div><pre id="error" hidden></pre><div id="pages"></div>
<script>
let shown = -1;
async function show() {
  const s = await (await fetch("/state", {cache: "no-store"})).json();
  if (s.generation === shown) return;
  shown = s.generation;
  document.getElementById("bar").textContent = s.status;
  const error = document.getElementById("error");
  error.hidden = !s.error;
  error.textContent = s.error || "";
  const pages = document.getElementById("pages");
  pages.dataset.generation = s.pages_generation;
  pages.replaceChildren(...s.pages.map((src, i) => {
    const img = document.createElement("img");
    img.src = src;
    img.alt = "第 " + (i + 1) + " 页";
    return img;
  }));
}
new EventSource("/events").onmessage = show;
show();
</script></body></html>
"""


class Preview:
    """``Preview(port)`` serves at ``url``; ``publish`` a render's pages or error; ``close``."""

    def __init__(self, port: int = 0):
        self.cond = threading.Condition()
        self.generation = 0
        self.closing = False
        self.status = "draft 预览：正在等待第一次生成……"
        self.error = ""
        self.pages: list[bytes] = []
        self.pages_generation = 0  # the generation whose pages are shown (kept under an error)
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        handler = type("Handler", (_Handler,), {"preview": self})
        self.server = ThreadingHTTPServer((HOST, port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def publish(self, status: str, pages: list[bytes] | None = None, error: str = "") -> None:
        """A new state: ``pages`` (None: keep the last ones, as under an error) and ``error``."""
        with self.cond:
            self.generation += 1
            self.status, self.error = status, error
            if pages is not None:
                self.pages, self.pages_generation = list(pages), self.generation
            self.cond.notify_all()

    def state(self) -> dict:
        with self.cond:
            return {"generation": self.generation, "status": self.status, "error": self.error,
                    "pages_generation": self.pages_generation,
                    "pages": [f"/page/{self.pages_generation}/{i}.png" for i in range(1, len(self.pages) + 1)]}

    def page(self, generation: int, number: int) -> bytes | None:
        with self.cond:
            if generation != self.pages_generation or not 1 <= number <= len(self.pages):
                return None
            return self.pages[number - 1]

    def wait(self, seen: int, timeout: float) -> int | None:
        """The generation after ``seen`` (waiting up to ``timeout``); None when closing."""
        with self.cond:
            self.cond.wait_for(lambda: self.closing or self.generation != seen, timeout)
            return None if self.closing else self.generation

    def close(self) -> None:
        with self.cond:
            self.closing = True
            self.cond.notify_all()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002  (the base class's name)
        pass  # no access log in the writer's terminal

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._send(PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/state":
            self._send(json.dumps(self.preview.state(), ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8")
        elif path == "/events":
            self._events()
        elif path.startswith("/page/") and path.endswith(".png"):
            parts = path[len("/page/"):-len(".png")].split("/")
            data = None
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                data = self.preview.page(int(parts[0]), int(parts[1]))
            if data is None:
                self._send("这一页已不存在".encode("utf-8"), "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
            else:
                self._send(data, "image/png")
        else:
            self._send("没有这个页面".encode("utf-8"), "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

    def _events(self) -> None:
        if not self.preview.streams.acquire(blocking=False):
            self._send("预览页打开得太多了".encode("utf-8"), "text/plain; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
            return
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen = -1
            while True:
                now = self.preview.wait(seen, KEEPALIVE)
                if now is None:
                    return
                self.wfile.write(f"data: {now}\n\n".encode() if now != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = now
        except OSError:
            return  # the browser went away
        finally:
            self.preview.streams.release()
