"""Reading the data: the writers' workbook, checked cell by cell, as a `report_data.ReportData`.

`workbook` reads the sheets through `xlsx` (a lean .xlsx reader) and `cells` (a cell as typed, shown by
its `number_formats`); `formulas` computes derived values and `rules` checks the writers' own rules.
`photos` checks and prepares the photos the figure list names; `picture_cache` keeps them between builds.
"""
