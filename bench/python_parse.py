#!/usr/bin/env python3
"""The benchmark's peer: parse a configuration directory with PyYAML's C loader and csv.

    bench/python_parse.py DIR

Walks DIR like `engine validate` discovers files (hidden files and directories are
skipped), loads every document of every .yaml/.yml file with yaml.CSafeLoader and
iterates every row of every .csv with the csv module. This is PARSING ONLY: none of
the checks that `engine validate` does (schema, references, phone numbers, templates,
flow graphs) happen here. Benchmark only -- not a test, never part of CI.

Prints the counts and `elapsed_seconds=S` (the wall time of the walk and the parsing,
after the imports).
"""

import csv
import os
import sys
import time

try:
    import yaml
    from yaml import CSafeLoader
except ImportError as error:  # fail loudly: the pure-Python loader would be a different benchmark
    sys.exit("python_parse.py: PyYAML with libyaml (yaml.CSafeLoader) is required: %s" % error)


def main(argv):
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        sys.exit("usage: python_parse.py DIR")
    started = time.perf_counter()
    yaml_files = yaml_docs = csv_files = csv_rows = 0
    yaml_bytes = csv_bytes = 0
    for root, dirs, files in os.walk(argv[0]):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if name.endswith((".yaml", ".yml")):
                with open(path, "rb") as f:
                    data = f.read()
                yaml_bytes += len(data)
                for document in yaml.load_all(data, Loader=CSafeLoader):
                    if document is not None:
                        yaml_docs += 1
                yaml_files += 1
            elif name.endswith(".csv"):
                with open(path, newline="", encoding="utf-8") as f:
                    records = 0
                    for _ in csv.reader(f):
                        records += 1
                csv_rows += max(records - 1, 0)   # data rows, without the header
                csv_bytes += os.path.getsize(path)
                csv_files += 1
    elapsed = time.perf_counter() - started
    print("yaml_files=%d yaml_documents=%d yaml_bytes=%d csv_files=%d csv_rows=%d csv_bytes=%d"
          % (yaml_files, yaml_docs, yaml_bytes, csv_files, csv_rows, csv_bytes))
    print("elapsed_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main(sys.argv[1:])
