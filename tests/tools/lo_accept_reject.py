"""Open each DOCX in headless LibreOffice, "Accept all" / "Reject all" tracked changes, print the
paragraph texts of both results as JSON, a list with one object per file:
[{"accept": [...], "reject": [...], ...}, ...].

Run with a Python that has LibreOffice's ``uno`` module (Debian: /usr/bin/python3 with
python3-uno): ``python3 lo_accept_reject.py FILE.docx...``.  One LibreOffice with a throwaway
profile for all the files.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


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
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"draft{os.getpid()}"
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
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
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
