"""What people wrote: comments of closed campaigns, redacted and coded, reviewed by analysts, released.

`gather` fetches the comments of one period and band and codes them (redaction first, through
`analysis.text`), `store` keeps analysts' corrections, `view` names what a page shows, and the tables
that leave come from `analysis.themes` under `analysis.disclosure`'s rules for free text.
"""
