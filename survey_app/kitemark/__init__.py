"""The corporate-parenting kite mark in the web app: criteria, the panel's thresholds, the evidence.

The rules and verdicts are `analysis.kitemark`'s; this package reads the criteria file, keeps the
thresholds the young people's panel set (`store`), fetches each council's released survey figures and
self-audit (`gather`), explains verdicts in the reader's language (`explain`) and writes the PDFs
(`documents`). The demo self-audits are in `demo`.
"""
