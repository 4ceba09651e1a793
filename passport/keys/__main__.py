"""`python -m passport.keys`: regenerate schemas/json/key-file.schema.json from the KeyFile model."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from passport.keys.keyfile import SCHEMA_FILE, key_file_schema


def render() -> str:
    return json.dumps(key_file_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    path = Path(str(files("schemas") / "json" / SCHEMA_FILE))
    path.write_text(render(), encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
