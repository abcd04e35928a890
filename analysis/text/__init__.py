"""Free text from respondents: redaction, language, themes, sentiment and word-cloud words.

Pure Python over strings, like the rest of ``analysis``: nothing here touches Flask or the database.
Redaction always comes first; everything else reads the redacted text.
"""

from .agreement import Agreement, ThemeAgreement, agreement
from .classify import Coded, classify, themes_in
from .codebook import AUDIENCE_GROUPS, Codebook, CodebookError, Theme, load_codebook
from .language import detect_language
from .redact import PLACEHOLDERS, Redaction, redact
from .sentiment import METHOD_CY, METHOD_EN, Sentiment, method_statement
from .words import tokens_for_cloud, welsh_stopwords

__all__ = [
    "AUDIENCE_GROUPS",
    "METHOD_CY",
    "METHOD_EN",
    "PLACEHOLDERS",
    "Agreement",
    "Codebook",
    "CodebookError",
    "Coded",
    "Redaction",
    "Sentiment",
    "Theme",
    "ThemeAgreement",
    "agreement",
    "classify",
    "detect_language",
    "load_codebook",
    "method_statement",
    "redact",
    "themes_in",
    "tokens_for_cloud",
    "welsh_stopwords",
]
