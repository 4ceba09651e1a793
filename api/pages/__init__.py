"""Server-rendered pages: view models built from a credential the reader may see, and inline SVG charts."""
