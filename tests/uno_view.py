"""Run by a Python that has LibreOffice's UNO bridge (python3-uno, the system python): open a
.docx in headless LibreOffice, accept or reject each author's tracked changes in LibreOffice
itself, and print the paragraphs (with the list labels LibreOffice computes) as JSON.

    python3 uno_view.py FILE.docx '[{"Author": "accept" | "reject"}, ...]' PROFILE_URL

One view per decision set (the file opened afresh for each); authors not named are left
pending.  Used by :mod:`libreoffice` (``lo_views``); not a test.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(profile):
    pipe = "redline" + uuid.uuid4().hex
    office = subprocess.Popen(["soffice", f"-env:UserInstallation={profile}", "--headless", "--invisible",
                               "--norestore", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return office, pipe, resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.25)
    office.kill()
    _remove_pipe(pipe)
    raise SystemExit("LibreOffice did not start")


def _remove_pipe(pipe):
    """LibreOffice leaves its named pipe's socket in /tmp when it ends: remove ours."""
    with contextlib.suppress(OSError):
        os.unlink(f"/tmp/OSL_PIPE_{os.getuid()}_{pipe}")


def _paragraphs(enum, out):
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append([element.getPropertyValue("ListLabelString"), element.getString()])
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():  # row by row
                _paragraphs(element.getCellByName(name).getText().createEnumeration(), out)


def _resolve(doc, ctx, decisions):
    smgr = ctx.ServiceManager
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    cursor = doc.getCurrentController().getViewCursor()
    previous = None
    for _ in range(5000):
        todo = [r for r in doc.getRedlines() if r.getPropertyValue("RedlineAuthor") in decisions]
        if not todo:
            return
        redline = todo[0]
        author = redline.getPropertyValue("RedlineAuthor")
        start, end = redline.getPropertyValue("RedlineStart"), redline.getPropertyValue("RedlineEnd")
        cursor.gotoRange(start, False)
        cursor.gotoRange(end, True)
        seen = (author, redline.getPropertyValue("RedlineType"), cursor.getString(), len(todo))
        if seen == previous:
            raise SystemExit(f"LibreOffice did not {decisions[author]} a change by {author}: {seen}")
        previous = seen
        command = ".uno:AcceptTrackedChange" if decisions[author] == "accept" else ".uno:RejectTrackedChange"
        dispatcher.executeDispatch(frame, command, "", 0, ())
    raise SystemExit("LibreOffice: too many tracked changes")


def main():
    source, sets, profile = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    directory = tempfile.mkdtemp(prefix="redline-uno-")  # a private copy: no lock file is left beside the input
    path = os.path.join(directory, os.path.basename(source))
    shutil.copyfile(source, path)
    for attempt in range(3):  # a new profile makes LibreOffice restart once
        office, pipe, ctx = _connect(profile)
        try:
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            views = []
            for decisions in sets:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                                   (_prop("Hidden", True),))
                _resolve(doc, ctx, decisions)
                out = []
                _paragraphs(doc.getText().createEnumeration(), out)
                pending = sorted({(r.getPropertyValue("RedlineAuthor"), r.getPropertyValue("RedlineType"))
                                  for r in doc.getRedlines()})
                views.append({"paragraphs": out, "pending": pending})
                doc.close(True)
            print(json.dumps(views))
            shutil.rmtree(directory, ignore_errors=True)
            return
        except Exception as exc:  # the bridge went away: try again on the now initialised profile
            if attempt == 2:
                raise SystemExit(f"LibreOffice failed on {path}: {exc}") from exc
        finally:
            office.terminate()
            try:
                office.wait(30)
            except subprocess.TimeoutExpired:
                office.kill()
                office.wait(30)
            _remove_pipe(pipe)
            if attempt == 2 or not os.path.exists(path):
                shutil.rmtree(directory, ignore_errors=True)


main()
