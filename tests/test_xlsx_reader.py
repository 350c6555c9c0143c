"""The workbook reader (`reportgen.data.xlsx`), differential against openpyxl: every value reportgen
prints comes through it, so on generated workbooks it must read each cell as openpyxl reads it.

Workbooks written by openpyxl (shared strings, numbers, booleans, dates under both date systems, error
values, formulas, merges) and packages written by hand as other programs write them (inline strings,
rows and cells without references, _xHHHH_ escapes, strings typed "str", cached formula results) are
read by both; the values, types, formulas and number formats must agree."""

from __future__ import annotations

import datetime as dt
import decimal
import zipfile
from html import escape
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.utils.escape import unescape

from reportgen.data import xlsx

# openpyxl refuses control characters in cells; Excel cannot hold them either.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"), max_size=12)
NUMBERS = st.one_of(st.integers(-10**15, 10**15),
                    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
                    .filter(lambda x: x == 0 or abs(x) > 1e-300))
DATES = st.datetimes(min_value=dt.datetime(1904, 1, 2), max_value=dt.datetime(2099, 12, 31)) \
    .map(lambda d: d.replace(microsecond=0))
ERRORS = st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"])
FORMATS = st.sampled_from(["General", "0", "0.00", "#,##0", "0.0%", '0.00"万元"', "yyyy-mm-dd",
                           'yyyy"年"m"月"d"日"', "h:mm:ss", "@"])
CELLS = st.one_of(TEXT, NUMBERS, st.booleans(), DATES, ERRORS)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _same(ours: xlsx.Cell, theirs, where: str) -> None:
    if isinstance(theirs.value, dt.datetime) or isinstance(ours.value, dt.datetime):
        assert ours.value == theirs.value, where
    elif theirs.data_type == "e":
        assert (ours.data_type, ours.value) == ("e", theirs.value), where
    elif isinstance(theirs.value, str):  # openpyxl leaves a shared string's _xHHHH_ escapes as written
        assert ours.value == unescape(theirs.value), where
    else:
        assert ours.value == theirs.value, where
        assert isinstance(ours.value, bool) == isinstance(theirs.value, bool), where
    assert ours.number_format == theirs.number_format, where


def _compare(path: Path) -> int:
    """Read `path` with both readers and compare every cell openpyxl sees; return how many."""
    ours = xlsx.read(path)
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path)
    compared = 0
    for theirs in values.worksheets:
        mine = ours[theirs.title]
        for row in theirs.iter_rows():
            for cell in row:
                if cell.value in (None, "") and mine.cell(cell.row, cell.column).value in (None, ""):
                    continue  # blank either way: an empty text result is an empty cell, as Excel shows it
                where = f"{theirs.title}!{cell.coordinate}"
                _same(mine.cell(cell.row, cell.column), cell, where)
                written = formulas[theirs.title].cell(cell.row, cell.column)
                if written.data_type == "f":
                    assert mine.cell(cell.row, cell.column).formula == written.value, where
                compared += 1
        assert {(m.min_row, m.min_col, m.max_row, m.max_col) for m in mine.merged_ranges} == \
            {(m.min_row, m.min_col, m.max_row, m.max_col) for m in theirs.merged_cells.ranges}
    return compared


@SETTINGS
@given(rows=st.lists(st.lists(st.tuples(CELLS, FORMATS), min_size=1, max_size=5), min_size=1, max_size=6),
       mac=st.booleans(), merge=st.booleans())
def test_workbooks_openpyxl_writes_read_as_openpyxl_reads_them(tmp_path_factory, rows, mac, merge):
    book = openpyxl.Workbook()
    if mac:
        book.epoch = CALENDAR_MAC_1904  # the 1904 date system: every serial means another day
    sheet = book.active
    sheet.title = "数据"
    for r, row in enumerate(rows, start=1):
        for c, (value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(r, c, value)
            if isinstance(value, str) and value in ERRORS_SET:
                cell.data_type = "e"
            if isinstance(value, dt.datetime):
                number_format = "yyyy-mm-dd h:mm:ss"
            cell.number_format = number_format
    merged = merge and len(rows) > 1
    if merged:  # A1:A2, which empties A2
        sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
    path = tmp_path_factory.mktemp("book") / "表.xlsx"
    book.save(path)
    kept = [v for r, row in enumerate(rows, start=1) for c, (v, _) in enumerate(row, start=1)
            if not (merged and (r, c) == (2, 1))]
    assert _compare(path) >= 1 or all(v == "" for v in kept)


ERRORS_SET = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}


def test_a_date_in_the_1904_system_is_the_day_its_serial_counts_from_1904(tmp_path):
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active["A1"] = dt.datetime(2025, 9, 1)
    book.active["A1"].number_format = "yyyy-mm-dd"
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert xlsx.read(path)[book.active.title]["A1"].value == dt.datetime(2025, 9, 1)
    assert _compare(path) == 1


# A package written by hand, as programs other than Excel and openpyxl write one.
_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                  'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
                  '+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats'
                  '-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" Content'
                  'Type="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
              '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
              '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
              '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
              '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
              'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
              '/></Relationships>')
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_BOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_MAIN} xmlns:r="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>')


def _escaped(text: str) -> str:
    """`text` as a program writes it in XML: the characters XML cannot hold as _xHHHH_, an underscore that
    would read as such an escape escaped itself."""
    text = text.replace("_x", "_x005F_x")
    return escape("".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n" else ch for ch in text),
                  quote=False)


def _cell(value, how: str, ref: str | None, strings: list[str]) -> str:
    at = f' r="{ref}"' if ref else ""
    if isinstance(value, bool):
        return f'<c{at} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f"<c{at}><v>{value!r}</v></c>"
    if how == "inline":
        return f'<c{at} t="inlineStr"><is><t xml:space="preserve">{_escaped(value)}</t></is></c>'
    if how == "formula":  # a formula's cached text result
        return f'<c{at} t="str"><f>"x"&amp;"y"</f><v>{_escaped(value)}</v></c>'
    strings.append(value)
    return f'<c{at} t="s"><v>{len(strings) - 1}</v></c>'


def _hand_written(tmp_path: Path, sheet_xml: str, strings_xml: str = "", book_rels: str = _BOOK_RELS) -> Path:
    """A package written by hand around the worksheet's `<sheetData>` contents (and shared strings)."""
    path = tmp_path / "手写.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _BOOK), ("xl/_rels/workbook.xml.rels", book_rels),
                           ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_MAIN}>'
                                                        f"<sheetData>{sheet_xml}</sheetData></worksheet>"),
                           ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {_MAIN}>{strings_xml}</sst>')):
            package.writestr(name, text)
    return path


HAND_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=10)


@SETTINGS
@given(rows=st.lists(st.lists(st.tuples(st.one_of(HAND_TEXT, st.integers(-10**12, 10**12), st.booleans()),
                                         st.sampled_from(["shared", "inline", "formula"])), min_size=1, max_size=4),
                     min_size=1, max_size=5),
       references=st.sampled_from(["all", "none", "rows only"]))
def test_packages_other_programs_write_read_as_openpyxl_reads_them(tmp_path_factory, rows, references):
    strings: list[str] = []
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(value, how, f"{openpyxl.utils.get_column_letter(c)}{r}" if references == "all" else None,
                              strings) for c, (value, how) in enumerate(row, start=1))
        number = f' r="{r}"' if references != "none" else ""
        xml_rows.append(f"<row{number}>{cells}</row>")
    path = _hand_written(tmp_path_factory.mktemp("hand"), "".join(xml_rows),
                         "".join(f'<si><t xml:space="preserve">{_escaped(s)}</t></si>' for s in strings))
    _compare(path)
    mine = xlsx.read(path)["表"]
    for r, row in enumerate(rows, start=1):  # and the values written, whatever openpyxl makes of them
        for c, (value, _) in enumerate(row, start=1):
            if value != "":
                assert mine.cell(r, c).value == value and type(mine.cell(r, c).value) is type(value), (r, c)


@pytest.mark.parametrize("text", ["123456789.12", "0.1", "-2.50", "9007199254740993.5"])
def test_a_fraction_keeps_the_digits_its_cell_holds(text):
    """Printing must not depend on float rounding: the decimal the cell's text says is kept beside the
    float used for arithmetic."""
    read = xlsx.stored_number(text)
    assert read.exact == decimal.Decimal(text) and str(read.exact) == text and float(read) == float(text)


@pytest.mark.parametrize("text, value", [("1E3", 1000), ("-0", 0), ("5.0", 5), ("12345678901234567890",
                                                                              12345678901234567890)])
def test_a_whole_number_is_an_int_exact_at_any_length(text, value):
    read = xlsx.stored_number(text)
    assert type(read) is int and read == value


@pytest.mark.parametrize("text, holds", [("9.99999999999999E+307", True), ("-9.99999999999999E+307", True),
                                         ("1E+308", False), ("2.2250738585072E-308", True),
                                         ("-2.2250738585072E-308", True), ("2.2250738585071E-308", False),
                                         ("1E-320", False), ("0E-400", True)])
def test_the_numbers_excel_holds_are_read_up_to_its_limits(text, holds):
    """Excel's largest and smallest numbers read as numbers; one past either is its error #NUM!."""
    read = xlsx.stored_number(text)
    assert (not isinstance(read, xlsx.OutOfRange)) == holds
    if holds:  # exactly: the largest is whole, an int of 308 digits
        assert decimal.Decimal(getattr(read, "exact", read)) == decimal.Decimal(text)
    else:
        assert read == "#NUM!" and read.stored == text


# Serial numbers at the edges of Excel's calendar: a time of day alone (below 1), the first days of 1900
# (before Excel's 29 February 1900 that never was), and the same serials counted from 1904.
SERIALS = [0, 1e-7, 0.25, 0.5, 0.999999, 1, 1.5, 2, 59, 59.75, 60, 60.5, 61, 100, 45000.25]


@pytest.mark.parametrize("mac", [False, True], ids=["1900", "1904"])
@pytest.mark.parametrize("serial", SERIALS)
def test_a_serial_is_the_date_or_time_openpyxl_reads(serial, mac):
    from openpyxl.utils.datetime import from_excel
    theirs = from_excel(serial, CALENDAR_MAC_1904) if mac else from_excel(serial)
    assert xlsx.from_serial(serial, mac, False) == theirs


@pytest.mark.parametrize("serial", SERIALS)
def test_a_serial_under_an_elapsed_format_is_the_duration_openpyxl_reads(serial):
    from openpyxl.utils.datetime import from_excel
    assert xlsx.from_serial(serial, False, True) == from_excel(serial, timedelta=True)


def test_column_widths_are_those_the_writer_set(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表"
    sheet["A1"] = "学校"
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions.group("D", "F", hidden=False)  # one <col min="4" max="6"> for three columns
    sheet.column_dimensions["D"].width = 12.5
    sheet.sheet_format.defaultColWidth = 10
    book.save(tmp_path / "宽度.xlsx")
    read = xlsx.read(tmp_path / "宽度.xlsx")["表"]
    assert read.column_widths == {2: 30, 4: 12.5, 5: 12.5, 6: 12.5}
    assert read.default_width == 10



def test_rich_text_and_iso_dates_read_as_openpyxl_reads_them(tmp_path):
    """A shared string in runs (part bold: its runs' text, phonetic guides left out), and a date written as
    ISO 8601 text (t="d"), as strict OOXML and some programs write them."""
    strings = ('<si><r><rPr><b/></rPr><t>河阳</t></r><r><t/></r><r><t xml:space="preserve">职教 中心</t></r>'
               '<rPh sb="0" eb="2"><t>ヘヨウ</t></rPh></si>')
    path = _hand_written(tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="d"><v>2025-09-01T08:30:00Z</v></c>'
                                   '<c r="C1" t="d"><v>2025-12-31</v></c></row>', strings)
    row = xlsx.read(path)["表"][1]
    theirs = openpyxl.load_workbook(path, data_only=True)["表"][1]
    assert [cell.value for cell in row[:2]] == [cell.value for cell in theirs[:2]]
    # A date alone is a datetime at midnight, as every date cell is here (openpyxl makes it a date).
    assert [cell.value for cell in row] == ["河阳职教 中心", dt.datetime(2025, 9, 1, 8, 30), dt.datetime(2025, 12, 31)]


def test_an_external_relationship_of_the_workbook_is_not_taken_for_a_part(tmp_path):
    rels = _BOOK_RELS.replace("</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                              'officeDocument/2006/relationships/worksheet" Target="https://example.com/sheet.xml" '
                              'TargetMode="External"/></Relationships>')
    path = _hand_written(tmp_path, '<row r="1"><c r="A1"><v>5</v></c></row>', book_rels=rels)
    assert xlsx.read(path)["表"]["A1"].value == 5


@pytest.mark.parametrize("damage", ["not a zip", "no workbook part", "a number cell of words", "a string index past the end"])
def test_a_damaged_package_is_a_damaged_workbook(tmp_path, damage):
    if damage == "not a zip":
        path = tmp_path / "坏.xlsx"
        path.write_bytes(b"PK\x03\x04 not really")
    else:
        cell = {"no workbook part": '<c r="A1"><v>5</v></c>', "a number cell of words": '<c r="A1"><v>五</v></c>',
                "a string index past the end": '<c r="A1" t="s"><v>3</v></c>'}[damage]
        path = _hand_written(tmp_path, f'<row r="1">{cell}</row>')
        if damage == "no workbook part":
            rebuilt = tmp_path / "缺.xlsx"
            with zipfile.ZipFile(path) as old, zipfile.ZipFile(rebuilt, "w") as new:
                for item in old.infolist():
                    if item.filename != "xl/workbook.xml":
                        new.writestr(item, old.read(item))
            path = rebuilt
    with pytest.raises(xlsx.DamagedWorkbook):
        xlsx.read(path)


def test_a_cell_merged_down_is_each_records_value_below_the_header(tmp_path):
    """列表()'s reading: a merged range below row 1 gives its value to every row it spans, in its first
    column; a merged header and the cells right of the first column do not spread; a blank row stays blank."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表"
    for row in (["赛项", "学生", "合并表头", None], ["技能大赛", "张三", "甲", "乙"], [None, "李四", None, None],
                [None, "王五", None, None], [None, None, None, None], ["创新大赛", "赵六", None, None]):
        sheet.append(row)
    sheet.merge_cells("C1:D1")
    sheet.merge_cells("A2:A5")  # over the blank row 5 too
    sheet.merge_cells("C2:D3")
    book.save(tmp_path / "合并.xlsx")
    read = xlsx.read(tmp_path / "合并.xlsx")["表"]
    records = [[cell.value for cell in row] for row in read.iter_rows(as_records=True)]
    # openpyxl empties the merged cells but the first (D2's 乙 is gone), as Excel does
    assert records == [["赛项", "学生", "合并表头"], ["技能大赛", "张三", "甲"], ["技能大赛", "李四", "甲"],
                       ["技能大赛", "王五", None], [None, None, None], ["创新大赛", "赵六", None]]
    assert [[cell.value for cell in row] for row in read.iter_rows(min_row=3)][0] == [None, "李四", None]


def test_cells_beyond_column_z_are_where_their_references_say(tmp_path):
    """Two- and three-letter columns (Z, AA, AZ, BA, ZZ, AAA, XFD: Excel's last), in references, merges and
    the coordinates messages name, read as openpyxl reads them."""
    refs = ["Z1", "AA1", "AZ2", "BA2", "ZZ3", "AAA3", "XFD4"]
    cells = {}
    for number, ref in enumerate(refs, start=1):
        cells.setdefault(xlsx.split_ref(ref)[0], []).append(f'<c r="{ref}"><v>{number}</v></c>')
    path = _hand_written(tmp_path, "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(cells.items())))
    rebuilt = tmp_path / "宽表.xlsx"  # with a merge across the 26th and 27th columns
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(rebuilt, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="Y5:AB6"/>'
                                    b"</mergeCells>")
            new.writestr(item, data)
    read = xlsx.read(rebuilt)["表"]
    assert [read[ref].value for ref in refs] == list(range(1, len(refs) + 1))
    assert [read[ref].coordinate for ref in refs] == refs
    assert [cell.coordinate for cell in read.cells_present()] == refs
    assert read.max_column == 16384
    assert [(m.min_row, m.min_col, m.max_row, m.max_col) for m in read.merged_ranges] == [(5, 25, 6, 28)]
    assert _compare(rebuilt) == len(refs)


def _rewritten(path: Path, part: str, change) -> Path:
    """A copy of the package at `path` with `part`'s bytes passed through `change`."""
    copy = path.with_name("改" + path.name)
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(copy, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, change(data) if item.filename == part else data)
    return copy


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_part_declaring_entities_is_a_damaged_workbook(tmp_path, part):
    """No program writes a DTD into a workbook.  Its entities are never resolved (one naming a file would
    read that file into the report), and left unresolved they would cut a cell's text at the first one:
    the workbook is refused as damaged, whichever part declares them."""
    secret = tmp_path / "secret.txt"
    secret.write_text("不该出现的内容")
    path = _hand_written(tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                                   '<c r="B1" t="inlineStr"><is><t>前&amp;后</t></is></c></row>',
                         '<si><t>河阳&amp;职中</t></si>')
    assert [c.value for c in xlsx.read(path)["表"][1]] == ["河阳&职中", "前&后"]
    dtd = f'<!DOCTYPE x [<!ENTITY file SYSTEM "{secret.as_uri()}"><!ENTITY name "职中">]>'.encode()

    def declared(data: bytes) -> bytes:
        head, _, rest = data.partition(b"?>")
        return head + b"?>" + dtd + rest.replace(b"&amp;", b"&file;&name;")
    with pytest.raises(xlsx.DamagedWorkbook, match="DTD"):
        xlsx.read(_rewritten(path, part, declared))


def test_rows_and_cells_a_sheet_leaves_out_read_blank(tmp_path):
    """Excel writes no <row> for a blank row, and no <c> for a blank cell; a sheet without cells has no rows."""
    path = _hand_written(tmp_path, '<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>'
                                   '<row r="4"><c r="B4"><v>5</v></c></row>')
    sheet = xlsx.read(path)["表"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [[1, None, 3], [None] * 3, [None] * 3,
                                                                    [None, 5, None]]
    assert [[c.coordinate for c in row] for row in sheet.iter_rows(min_row=2)][0] == ["A2", "B2", "C2"]
    assert (sheet.cell(9, 9).value, sheet.cell(9, 9).coordinate, sheet["B3"].coordinate) == (None, "I9", "B3")
    (tmp_path / "空").mkdir()
    empty = xlsx.read(_hand_written(tmp_path / "空", ""))["表"]
    assert (empty.max_row, empty.max_column, list(empty.iter_rows()), empty[1]) == (0, 0, [], ())


def _styled(tmp_path: Path, styles: str) -> xlsx.Sheet:
    """A sheet of 2.5 in A1 to A4 under cell styles 0 to 3, with `styles` as the styles part's contents."""
    path = _hand_written(tmp_path, "".join(f'<row r="{n + 1}"><c r="A{n + 1}" s="{n}"><v>2.5</v></c></row>'
                                           for n in range(4)))
    rels = _BOOK_RELS.replace("</Relationships>", '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
                              'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_MAIN}>{styles}</styleSheet>')
    return xlsx.read(_rewritten(path, "xl/_rels/workbook.xml.rels", lambda _: rels.encode()))["表"]


def test_a_style_without_a_format_of_its_own_shows_general(tmp_path):
    """A cell style with no numFmtId (id 0), an id no list names (5: a currency format of another
    locale), an empty custom format, or no styles listed at all: the number is General, 2.5 not 3."""
    sheet = _styled(tmp_path, '<numFmts count="2"><numFmt numFmtId="164" formatCode=""/>'
                              '<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>'
                              '<cellXfs count="4"><xf/><xf numFmtId="5"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>')
    assert [sheet.cell(r, 1).number_format for r in range(1, 5)] == ["General", "General", "General", "0.0%"]
    (tmp_path / "无").mkdir()
    assert [c.number_format for c in _styled(tmp_path / "无", "<cellXfs/>").cells_present()] == ["General"] * 4


def test_a_value_merged_down_keeps_its_format_type_and_each_rows_place(tmp_path):
    """Each row a merged value spreads to holds a copy that is in that row, formatted and typed as the
    first cell (a percentage still 50.0%, an error still an error); a header merged over rows 1 and 2
    does not spread into the first record."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表"
    for row in (["类别", "占比", "结果"], [None, 0.5, "#N/A"], [None, None, None], ["乙", 0.25, 1]):
        sheet.append(row)
    sheet["B2"].number_format = "0.0%"
    sheet["C2"].data_type = "e"
    sheet.merge_cells("A1:A2")  # the header over two rows
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")
    sheet["A3"] = "甲"  # a record below the merged header (merging emptied it)
    book.save(tmp_path / "合并.xlsx")
    rows = list(xlsx.read(tmp_path / "合并.xlsx")["表"].iter_rows(min_row=2, as_records=True))
    assert [c.value for c in rows[0]] == [None, 0.5, "#N/A"]
    assert [(c.row, c.column, c.value, c.number_format, c.data_type) for c in rows[1]] == [
        (3, 1, "甲", "General", "s"), (3, 2, 0.5, "0.0%", "n"), (3, 3, "#N/A", "General", "e")]


def test_widths_that_are_no_numbers_are_left_to_the_default(tmp_path):
    """A width of INF or NaN (no program writes one; a hand-made file may) is not a width: the column
    keeps the default, and a default of NaN is Excel's."""
    path = _hand_written(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    sheet_xml = (b'<sheetFormatPr defaultColWidth="NaN"/><cols><col min="1" max="1" width="INF" customWidth="1"/>'
                 b'<col min="2" max="2" width="nan" customWidth="1"/><col min="3" max="3" width="12" customWidth="1"/>'
                 b'</cols><sheetData>')
    read = xlsx.read(_rewritten(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<sheetData>", sheet_xml)))
    assert (read["表"].column_widths, read["表"].default_width) == ({3: 12}, xlsx.DEFAULT_WIDTH)


def test_only_widths_the_writer_set_are_theirs(tmp_path):
    """A <col> without customWidth carries Excel's own width (a column given a style, say): not the
    writer's.  Set widths of 0 (a hidden column) and 0.5 are the writer's; a <col> without min is ignored."""
    path = _hand_written(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    cols = (b'<cols><col min="1" max="1" width="20" style="3"/><col min="2" max="2" width="0" customWidth="1"/>'
            b'<col min="3" max="3" width="0.5" customWidth="true"/><col max="4" width="30" customWidth="1"/>'
            b'<col min="5" max="5" customWidth="1"/></cols><sheetData>')
    read = xlsx.read(_rewritten(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<sheetData>", cols)))
    assert read["表"].column_widths == {2: 0, 3: 0.5}
