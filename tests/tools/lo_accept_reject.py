"""Open each DOCX in headless LibreOffice, "Accept all" / "Reject all" tracked changes, print the
paragraph texts of both results as JSON, a list with one object per file:
[{"accept": [...], "reject": [...], ...}, ...].

Run with a Python that has LibreOffice's ``uno`` module (Debian: /usr/bin/python3 with
python3-uno): ``python3 lo_accept_reject.py FILE.docx...``.  One LibreOffice with a throwaway
profile for all the files.  LibreOffice runs in a process group of its own (``soffice`` is a
wrapper; ``soffice.bin`` its child), ended whole however the run ends.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

ENDING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def paragraphs(doc):
    out = []
    e = doc.Text.createEnumeration()
    while e.hasMoreElements():
        p = e.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            out.append(p.getString())
    return out


def main(paths):
    came = []  # Ctrl-C, SIGTERM, SIGHUP: the run ends through the ``finally`` below

    def end(number, _frame):
        came.append(number)
        if proc is not None:  # else held while Popen starts LibreOffice (raised there, it would leave it)
            sys.exit(128 + number)

    proc = None
    for number in ENDING:
        signal.signal(number, end)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"draft{os.getpid()}"
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if came:
            sys.exit(128 + came[0])
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        results = []
        for path in paths:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            result = {}
            for mode, command in (("accept", ".uno:AcceptAllTrackedChanges"),
                                  ("reject", ".uno:RejectAllTrackedChanges")):
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
                result["redlines_" + mode] = doc.Redlines.getCount() if hasattr(doc, "Redlines") else -1
                helper.executeDispatch(doc.CurrentController.Frame, command, "", 0, ())
                result[mode] = paragraphs(doc)
                result["left_" + mode] = doc.Redlines.getCount() if hasattr(doc, "Redlines") else -1
                doc.close(True)
            results.append(result)
        print(json.dumps(results, ensure_ascii=False))
        try:
            desktop.terminate()
            proc.wait(timeout=30)
        except Exception:
            pass  # killed below
    finally:
        for number in ENDING:
            signal.signal(number, signal.SIG_IGN)  # the cleanup is not cut short
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of its group is left, on every path
        except OSError:
            pass
        proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
