"""Validates a dossier's exports/dossier.json against the JSON Schema.

Usage: python3 validate_dossier.py schema/dossier.schema.json SITE/exports/dossier.json ...

Checks the schema itself (draft 2020-12), then each file against it, and
that the site publishes the same schema beside its dossier.json. Exits 1
and lists each problem when any is found. Needs `jsonschema` (see .ci/run
for the pinned version).
"""

import json
import os
import sys

from jsonschema import Draft202012Validator


def main(schema_path, paths):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    problems = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for error in validator.iter_errors(data):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{path}: at /{where}: {error.message}")
        published = os.path.join(os.path.dirname(path), "dossier.schema.json")
        with open(published, encoding="utf-8") as f:
            if json.load(f) != schema:
                problems.append(f"{published}: differs from {schema_path}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"dossier.json: {len(paths)} file(s) valid against {schema_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
