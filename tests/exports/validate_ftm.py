"""Validates a dossier's entities.ftm.json with FollowTheMoney's own model.

Usage: python3 validate_ftm.py SITE/exports/entities.ftm.json ...

Every line must be one entity whose schema FtM knows and is not abstract,
with its required properties, no property its schema lacks, every value
valid for its property's type, and every entity reference naming an
entity of the file whose schema is in the property's range. Exits 1 and
lists each problem when any is found. Needs `followthemoney` (see .ci/run
for the pinned version).
"""

import json
import sys

from followthemoney import model
from followthemoney.exc import InvalidData


def check(path):
    problems = []
    entities = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
                proxy = model.get_proxy(data, cleaned=False)
            except (ValueError, InvalidData) as error:
                problems.append(f"{where}: {error}")
                continue
            if proxy.schema.abstract:
                problems.append(f"{where}: schema {proxy.schema.name} is abstract")
            if proxy.id in entities:
                problems.append(f"{where}: id {proxy.id} used twice")
            entities[proxy.id] = (where, proxy)
            for name in proxy.schema.required:
                if not proxy.get(name):
                    problems.append(f"{where}: {proxy.id} lacks required `{name}`")
            # The proxy drops what it cannot read: check the data as written.
            for name, values in data.get("properties", {}).items():
                prop = proxy.schema.get(name)
                if prop is None:
                    problems.append(f"{where}: {proxy.id}: {proxy.schema.name} has no property `{name}`")
                    continue
                if not isinstance(values, list) or not values:
                    problems.append(f"{where}: {proxy.id}: `{name}` is not a list of values")
                    continue
                for value in values:
                    if not isinstance(value, str) or not prop.type.validate(value):
                        problems.append(
                            f"{where}: {proxy.id}: `{name}` value {value!r} is not a valid {prop.type.name}"
                        )
    for where, proxy in entities.values():
        for prop, value in proxy.itervalues():
            if prop.type.name != "entity":
                continue
            target = entities.get(value)
            if target is None:
                problems.append(f"{where}: {proxy.id}: `{prop.name}` names no entity {value!r}")
            elif prop.range is not None and not target[1].schema.is_a(prop.range):
                problems.append(
                    f"{where}: {proxy.id}: `{prop.name}` needs a {prop.range.name}, {value} is a {target[1].schema.name}"
                )
    if not entities:
        problems.append(f"{path}: no entities")
    return problems


def main(paths):
    problems = [p for path in paths for p in check(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"FollowTheMoney: {len(paths)} file(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
