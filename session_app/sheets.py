"""Spreadsheet cells that stay what they are: text is never run as a formula."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

# A cell starting with one of these would be a formula in Excel or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def style_sheet(sheet, widths: list[int], *, freeze: str = "A2") -> None:
    """Every text cell as text (Excel's own mark for "text as typed", shown without an
    apostrophe), wrapped at the top; a bold header row; column widths; frozen header."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                cell.quotePrefix = cell.value.startswith(FORMULA_START)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    sheet.freeze_panes = freeze
