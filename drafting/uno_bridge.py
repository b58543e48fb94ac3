"""Runs under a Python that has LibreOffice's ``uno`` module (Debian's ``python3-uno``, or the
``python`` LibreOffice bundles), never inside draft: ``drafting/warm_office.py`` starts it
beside a long-lived ``soffice --accept=pipe,...`` and talks to it over stdin/stdout.

Protocol, one JSON object a line.  First line out: ``{"ready": true}`` once connected (or
``{"error": …}``).  Then per request ``{"in": URL, "out": URL, "filter": NAME, "data": {…}}``
it loads the document hidden, stores it through the filter (``data``: the filter's options)
and answers ``{"ok": true}`` or ``{"error": "…"}``.  End of input (``draft watch`` ended, or
was killed: the bridge runs in a session of its own and outlives it) tells LibreOffice to quit;
``soffice`` (its pid, also its process group's, is the third argument) is given a grace time to
go, then whatever is left of its group is killed.  Last line out: ``{"ended": "quit"}`` when
``soffice`` went by itself, ``{"ended": "killed"}`` when the grace ran out.  ``soffice`` is
``draft watch``'s child: until ``draft watch`` reaps it (``WarmOffice.stop`` does so at once)
it is a zombie, still there for the bridge.

Standard library and ``uno`` only: this file is run by path, not imported.
"""
import json
import os
import signal
import sys
import time


def _props(**values):
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def connect(pipe: str, seconds: float):
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def convert(desktop, request: dict) -> None:
    import uno

    doc = desktop.loadComponentFromURL(request["in"], "_blank", 0, _props(Hidden=True, ReadOnly=True))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        data = _props(**request.get("data", {}))
        args = {"FilterName": request["filter"]}
        if data:
            args["FilterData"] = uno.Any("[]com.sun.star.beans.PropertyValue", data)
        doc.storeToURL(request["out"], _props(**args))
    finally:
        doc.close(True)


def main() -> None:
    pipe, seconds, group = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    try:
        desktop = connect(pipe, seconds)
    except Exception as exc:
        _say({"error": f"{type(exc).__name__}: {exc}"})
        _say({"ended": _end(group, grace=0.0)})  # it never listened: nothing to wait for
        return
    _say({"ready": True})
    try:
        for line in sys.stdin:
            try:
                convert(desktop, json.loads(line))
                answer = {"ok": True}
            except Exception as exc:
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            _say(answer)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass  # the connection goes when soffice exits
        _say({"ended": _end(group)})


def _say(answer: dict) -> None:
    """One line out; none when ``draft watch`` was killed (nobody reads them any more: the
    bridge goes on to its end, and ends LibreOffice)."""
    try:
        print(json.dumps(answer), flush=True)
    except OSError:
        pass


def _end(group: int, grace: float = 5.0) -> str:
    """``soffice`` (the group's leader) given ``grace`` seconds to go, then what is left of its
    group killed: "quit" (it went by itself) or "killed".  The leader is watched, not the group:
    helpers LibreOffice left behind (gpg, run during a PDF export) are reaped by init, which
    may be slow to do so (or never, in a container without one) and keep the group in being."""
    deadline = time.monotonic() + grace
    ended = "killed"
    while time.monotonic() < deadline:
        try:
            os.kill(group, 0)
        except OSError:
            ended = "quit"  # gone and reaped (until its parent reaps it, a zombie answers)
            break
        time.sleep(0.02)
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
    return ended


if __name__ == "__main__":
    main()
