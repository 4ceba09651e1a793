"""Pure ASGI middleware: each module does one job and can be installed by any app (see `api.app`)."""
