"""An editor's session in LibreOffice, driven through UNO (run by the Python that has python3-uno):

    python3 uno_edit.py SOFFICE DRAFT.docx PROFILE_DIR "inserted sentence"

It opens the draft, types 16 over the 5 of "共有学校15所" (the 1 then the 5, as an editor selects and
types), writes 7100 into the table's cell C2, deletes the chart with its caption, adds a sentence of its
own after the first paragraph, cuts the graduates' sentence and pastes it above, and saves the draft
as .docx again ("MS Word 2007 XML"), as an editor's Save does.
"""

import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(soffice, profile):
    port = 2002 + (hash(profile) % 1000)
    process = subprocess.Popen([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                                "--norestore", f"--accept=socket,host=127.0.0.1,port={port};urp;"])
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(120):
        try:
            context = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            return process, context
        except Exception:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("LibreOffice did not answer")


def paragraphs(document):
    enum = document.Text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            yield element


def starting(document, text):
    return next(p for p in paragraphs(document) if p.getString().startswith(text))


def main():
    soffice, draft, profile, inserted = sys.argv[1:5]
    process, context = connect(soffice, profile)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        url = uno.systemPathToFileUrl(str(Path(draft).resolve()))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        text = document.Text

        # 15 -> 16: select the "5" and type "6", inside the value's bookmark.
        schools = starting(document, "共有学校")
        cursor = text.createTextCursorByRange(schools.getStart())
        cursor.goRight(len("共有学校1"), False)
        cursor.goRight(1, True)
        assert cursor.getString() == "5", cursor.getString()
        cursor.setString("6")

        # A table cell typed over.
        table = document.TextTables.getByIndex(0)
        table.getCellByName("C2").setString("7100")

        # The chart and its caption deleted: the chart, its paragraph left empty, and the caption below it.
        document.EmbeddedObjects.getByIndex(0).dispose()
        before = None
        for paragraph in paragraphs(document):
            if paragraph.getString().startswith("图 1 在校生专业大类分布"):
                caption = paragraph
                break
            before = paragraph
        caption.dispose()
        if before is not None and before.getString() == "":
            before.dispose()

        # A sentence of the editor's own after the first paragraph.
        schools = starting(document, "共有学校")
        cursor = text.createTextCursorByRange(schools.getEnd())
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, inserted, False)

        # The graduates' sentence cut and pasted above the first paragraph, as Ctrl+X and Ctrl+V do.
        controller = document.getCurrentController()
        graduates = starting(document, "毕业生")
        cursor = text.createTextCursorByRange(graduates.getStart())
        cursor.gotoEndOfParagraph(True)
        controller.select(cursor)
        clip = controller.getTransferable()
        cursor.setString("")
        graduates.dispose()  # the paragraph it leaves empty
        schools = starting(document, "共有学校")
        target = text.createTextCursorByRange(schools.getStart())
        text.insertControlCharacter(target, PARAGRAPH_BREAK, False)
        target.goLeft(1, False)
        controller.select(target)
        controller.insertTransferable(clip)

        document.storeToURL(url, (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
