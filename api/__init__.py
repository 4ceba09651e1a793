"""The HTTP API and web pages (FastAPI). Nothing under `passport/` or `indices/` imports this package."""
