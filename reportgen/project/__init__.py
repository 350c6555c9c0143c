"""The project: what a report is made of, before any data is read.

`config` loads and checks `reportgen.toml` into a `Project`; `profile` holds every setting of the
official format with its default and check, and `heading_numbers` the heading numbers it accepts.
`new` makes a project for `reportgen init` from the files `starter_files` makes and ships in `starter/`.
"""
