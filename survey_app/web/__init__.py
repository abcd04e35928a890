"""Web plumbing every page shares: the language from the URL, security headers, an access log without
addresses, content-hashed static files, absolute links from LLEISIAU_BASE_URL, rate limits, the database
engine's settings and what a failure of it means, and the error pages."""
