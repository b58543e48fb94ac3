"""Runs under a Python that has LibreOffice's ``uno`` module (Debian's ``python3-uno``, or the
``python`` LibreOffice bundles), never inside draft: ``drafting/warm_office.py`` starts it
beside a long-lived ``soffice --accept=pipe,...`` and talks to it over stdin/stdout.

Protocol, one JSON object a line.  First line out: ``{"ready": true}`` once connected (or
``{"error": …}``).  Then per request ``{"in": URL, "out": URL, "filter": NAME, "data": {…}}``
it loads the document hidden, stores it through the filter (``data``: the filter's options)
and answers ``{"ok": true}`` or ``{"error": "…"}``.  End of input (``draft watch`` ended, or
was killed: the bridge runs in a session of its own and outlives it) tells LibreOffice to quit,
and the process group of ``soffice`` (its pid is the third argument) is killed after a grace time.

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
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
        _end(group)
        return
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            try:
                convert(desktop, json.loads(line))
                answer = {"ok": True}
            except Exception as exc:
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass  # the connection goes when soffice exits
        _end(group)


def _end(group: int, grace: float = 5.0) -> None:
    """The soffice process group: given ``grace`` seconds to quit, then killed."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except OSError:
            return  # gone
        time.sleep(0.1)
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass


if __name__ == "__main__":
    main()
