"""Questionnaire content: the typed model of the bilingual YAML files and the loader that checks them."""
