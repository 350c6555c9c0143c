"""reportgen: official Chinese government reports in Word, built from Excel data and Word templates.

A build runs the stages in order, as `build` reads: the `project` (config and format profile) names
the templates and the workbook; `data` reads the workbook into indicators, tables and figures;
`render` fills each template in through Jinja; `draft` assembles one document and inserts tables,
figures, captions, cross-references and the 目录; `layout` asks LibreOffice where the pages break and
settles what follows from it; `output` writes the draft safely.  `check` runs the stages up to
`render` and writes nothing; `revise` keeps a draft that editors changed in step with the data
(`compare`, `update`); `oxml` is the WordprocessingML python-docx has no API for; `problems` carries
what is wrong to the `cli`, which says it in Chinese.
"""

__version__ = "0.1.0"
