"""Lleisiau's analysis: pure functions from data frames to anonymised tables.

This package imports nothing from the web application and never touches Flask or the database:
callers pass responses as data frames and the indicator catalogue as plain mappings.
"""
