#!/usr/bin/python3
"""Validate Counterpart content files against the JSON Schemas in assets/.

Usage:
  /usr/bin/python3 tests/validate_schemas.py [REPO_ROOT]
      Check each schema with check_schema, then validate
        scenarios/*.json (except marking-points.json)  against assets/scenario.schema.json
        scenarios/policies/*.json                      against assets/policy.schema.json
        scenarios/marking-points.json                  against assets/marking-points.schema.json
      Exit 0 when everything is valid, 1 otherwise.

  /usr/bin/python3 tests/validate_schemas.py [REPO_ROOT] --expect-invalid FILE...
      Negative testing: exit 0 only if every FILE fails validation WITH THE ERROR IT EXPECTS. Each
      FILE has a sidecar NAME.expect.json: {"schema": {"at": JSON_POINTER, "keyword": VALIDATOR,
      "message": SUBSTRING}, "loader": {...}}; one of the schema's errors must be at "at" from the
      validator "keyword" ("json" for a file that is not JSON) and contain "message" (optional). The
      "loader" half is checked by the C++ test "the loader reports the error each bad schema fixture
      expects". The schema is chosen by the path (".../policies/..." -> policy; "marking-points.json"
      -> marking points), then by a top-level "rules" key (policy); anything else is a scenario.

  /usr/bin/python3 tests/validate_schemas.py [REPO_ROOT] --verdicts FILE...
      Prints "accept PATH" or "reject PATH: message" per FILE and exits 0: the schema's answer, which
      the C++ test "the schema and the loader accept and reject the same files" compares with the loader's.

REPO_ROOT defaults to the parent of the directory holding this script. One line is printed per
file ("ok  path" or "FAIL path: message at /json/path") and a last line "N passed, M failed".
Needs only the standard library and jsonschema (Debian 12: python3-jsonschema 4.10).
"""

import argparse
import json
import os
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover
    sys.stderr.write("validate_schemas.py: needs jsonschema (apt-get install python3-jsonschema)\n")
    sys.exit(2)

SCHEMAS = {
    "scenario": "assets/scenario.schema.json",
    "policy": "assets/policy.schema.json",
    "marking-points": "assets/marking-points.schema.json",
}


class DuplicateKeyError(ValueError):
    pass


def _reject_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateKeyError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def load_json(path):
    """Returns (document, None) or (None, message)."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8: {exc}"
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates), None
    except DuplicateKeyError as exc:
        return None, f"invalid JSON: {exc}"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"


def json_pointer(parts):
    if not parts:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def shorten(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(err):
    """A one-line message for a validation error, without dumping large instances."""
    branches = err.validator_value if err.validator in ("anyOf", "oneOf") else None
    if branches and all(isinstance(b, dict) and "required" in b for b in branches):
        names = ", ".join("/".join(b["required"]) for b in branches)
        if err.validator == "oneOf" and not err.context:
            return f"has more than one of {names}; exactly one is allowed"
        return f"needs {'exactly' if err.validator == 'oneOf' else 'at least'} one of {names}"
    if err.validator == "oneOf" and not err.context:
        names = [b.get("title", "?") for b in branches if isinstance(b, dict)]
        return "matches more than one of the alternatives (" + ", ".join(names) + "); exactly one is allowed"
    message = err.message
    shown = repr(err.instance)
    if len(shown) > 60 and message.startswith(shown):
        what = {dict: "object", list: "array", str: "string"}.get(type(err.instance), "value")
        message = "the " + what + message[len(shown):]
    if branches and isinstance(err.schema, dict) and err.schema.get("description"):
        message += " (expected: " + err.schema["description"] + ")"
    return shorten(message)


def first_error(validator, document):
    """Returns None when valid, else 'message at /json/path' for the most relevant error."""
    errors = list(validator.iter_errors(document))
    if not errors:
        return None
    err = best_match(errors)
    distinct = {(tuple(e.absolute_path), e.message) for e in errors}
    more = len(distinct) - 1
    suffix = f" (+{more} more)" if more > 0 else ""
    return f"{describe(err)} at {json_pointer(list(err.absolute_path))}{suffix}"


def make_validator(schema, known):
    """A 2020-12 validator that resolves $refs into any of the `known` schemas by their $id."""
    ids = [(s["$id"], s) for s in known if "$id" in s]
    try:
        from referencing import Registry, Resource
    except ImportError:  # jsonschema before 4.18 (Debian 12 has 4.10)
        resolver = jsonschema.RefResolver.from_schema(schema, store=dict(ids))
        return Draft202012Validator(schema, resolver=resolver)
    registry = Registry().with_resources((i, Resource.from_contents(s)) for i, s in ids)
    return Draft202012Validator(schema, registry=registry)


def display(path, root):
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def kind_for(path, document):
    norm = os.path.abspath(path).replace(os.sep, "/")
    if "/policies/" in norm:
        return "policy"
    if os.path.basename(norm) == "marking-points.json":
        return "marking-points"
    # As the loader decides: a scenario may declare rules of its own, so "rules" means a policy only without "nodes".
    if isinstance(document, dict) and "rules" in document and "nodes" not in document:
        return "policy"
    return "scenario"


def main(argv):
    default_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", default=default_root, help="repository root (default: %(default)s)")
    parser.add_argument("--expect-invalid", nargs="+", metavar="FILE",
                        help="negative test: succeed only if every FILE fails with the error its sidecar expects")
    parser.add_argument("--verdicts", nargs="+", metavar="FILE",
                        help="print the schema's accept/reject answer for every FILE")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)

    passed = failed = 0

    def report(ok, name, message=None):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok  {name}" + (f": {message}" if message else ""))
        else:
            failed += 1
            print(f"FAIL {name}: {message}")

    # 1. The schemas themselves. A scenario's own rules refer to the policy schema's rule definition, so every
    # schema is registered under its $id for the others to reach without a network fetch.
    validators = {}
    known = [s for s in (load_json(os.path.join(root, rel))[0] for rel in SCHEMAS.values()) if isinstance(s, dict)]
    for kind, rel in SCHEMAS.items():
        path = os.path.join(root, rel)
        schema, problem = load_json(path)
        if problem is None:
            try:
                Draft202012Validator.check_schema(schema)
            except jsonschema.exceptions.SchemaError as exc:
                problem = f"not a valid 2020-12 schema: {shorten(exc.message)} at {json_pointer(list(exc.absolute_path))}"
        if problem is None:
            validators[kind] = make_validator(schema, known)
        if args.expect_invalid is None or problem is not None:
            report(problem is None, rel, problem)

    def validate(path, document, kind):
        validator = validators.get(kind)
        if validator is None:
            return f"schema {SCHEMAS[kind]} unavailable"
        return first_error(validator, document)

    if args.verdicts is not None:
        # 2c. The schema's answer per file, for the C++ agreement test.
        for path in args.verdicts:
            document, problem = load_json(path)
            if problem is None:
                problem = validate(path, document, kind_for(path, document))
            print(f"accept {path}" if problem is None else f"reject {path}: {problem}")
        return 0
    if args.expect_invalid is not None:
        # 2a. Negative mode: each file must fail, with the error its sidecar names.
        for path in args.expect_invalid:
            name = display(path, root)
            sidecar = path[: -len(".json")] + ".expect.json"
            expect, problem = load_json(sidecar)
            if problem is not None or not isinstance(expect, dict) or not isinstance(expect.get("schema"), dict):
                report(False, name, f"needs {display(sidecar, root)} naming the schema error it expects"
                       " (" + (problem or "it has no 'schema' object") + ")")
                continue
            want = expect["schema"]
            document, problem = load_json(path)
            if problem is not None and problem.startswith("cannot read"):
                report(False, name, problem)
                continue
            if problem is not None:
                ok = want.get("keyword") == "json" and want.get("message", "") in problem
                report(ok, name, f"not JSON: {problem}" + ("" if ok else f"; expected {want}"))
                continue
            kind = kind_for(path, document)
            if kind not in validators:
                report(False, name, f"schema {SCHEMAS[kind]} unavailable")
                continue
            errors = list(validators[kind].iter_errors(document))
            if not errors:
                report(False, name, f"expected to be invalid, but it is a valid {kind} file at /")
                continue
            matches = [e for e in errors
                       if json_pointer(list(e.absolute_path)) == (want.get("at") or "/")
                       and e.validator == want.get("keyword")
                       and want.get("message", "") in e.message]
            if matches:
                report(True, name, f"invalid as expected ({kind}: {describe(matches[0])} at {want.get('at') or '/'})")
            else:
                got = "; ".join(f"{e.validator} at {json_pointer(list(e.absolute_path))}: {shorten(e.message, 80)}"
                                for e in errors[:5])
                report(False, name, f"invalid, but not as expected {want}; got: {got}")
    else:
        # 2b. Normal mode: every content file must be valid.
        scen_dir = os.path.join(root, "scenarios")
        pol_dir = os.path.join(scen_dir, "policies")
        jobs = []
        if os.path.isdir(scen_dir):
            for name in sorted(os.listdir(scen_dir)):
                full = os.path.join(scen_dir, name)
                if name.endswith(".json") and os.path.isfile(full):
                    jobs.append((full, "marking-points" if name == "marking-points.json" else "scenario"))
        else:
            report(False, "scenarios", "directory not found at /")
        if os.path.isdir(pol_dir):
            for name in sorted(os.listdir(pol_dir)):
                full = os.path.join(pol_dir, name)
                if name.endswith(".json") and os.path.isfile(full):
                    jobs.append((full, "policy"))
        if not any(kind == "marking-points" for _, kind in jobs) and os.path.isdir(scen_dir):
            report(False, "scenarios/marking-points.json", "file not found at /")
        for full, kind in jobs:
            name = display(full, root)
            document, problem = load_json(full)
            if problem is None:
                problem = validate(full, document, kind)
            report(problem is None, name, problem)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
