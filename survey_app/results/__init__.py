"""Results for staff: gathering closed campaigns' answers, labelling the tables, and sending them out.

The figures themselves come from the `analysis` package, through its disclosure control; this
package only fetches the answers (through `store.results`), names things in the reader's language,
and writes pages, CSV, XLSX and PDF from `ReleasedTable`s.
"""
