"""File formats the desk exchanges with spreadsheets and other programs: CSV, XLSX, JSON Lines.

No database and no use cases here: writers take rows of plain values, readers give rows of cells
with the line they came from, and every reader is total (a broken file is reported, never raised).
"""
