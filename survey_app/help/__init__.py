"""Where to get help: the contacts by council, audience and topic (contacts.py) and the panel every
respondent page shows (panel.py)."""
