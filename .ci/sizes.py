#!/usr/bin/env python3
"""Files and functions past their size: files over MAX_FILE lines, functions over
MAX_FN lines (from the `fn` line to its closing brace, tests included). A function
whose doc comment says `Long on purpose:` (and why) is left alone.

Usage: sizes.py [--max-file N] [--max-fn N] DIR [...]; exits 1 when something is over.
"""
import os
import re
import sys


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(pub(\([^)]*\))? )?(const )?(async )?(unsafe )?fn (\w+)", line)
        if not m:
            continue
        indent = len(m.group(1))
        above = "\n".join(lines[max(0, i - 8) : i])
        if "Long on purpose:" in above:
            continue
        # the body ends at the first line with the same indentation that closes a brace
        for j in range(i + 1, len(lines)):
            stripped = lines[j].rstrip()
            if stripped.startswith(" " * indent + "}") and len(stripped) - len(stripped.lstrip()) == indent:
                found.append((m.group(7), i + 1, j - i + 1))
                break
            if stripped.endswith(";") and j == i:
                break
    return found


def main(args):
    max_file, max_fn, dirs = 450, 60, []
    while args:
        a = args.pop(0)
        if a == "--max-file":
            max_file = int(args.pop(0))
        elif a == "--max-fn":
            max_fn = int(args.pop(0))
        else:
            dirs.append(a)
    over = 0
    for d in dirs:
        for root, _, names in os.walk(d):
            for name in sorted(names):
                if not name.endswith(".rs"):
                    continue
                path = os.path.join(root, name)
                n = sum(1 for _ in open(path, encoding="utf-8"))
                if n > max_file:
                    print(f"{path}: {n} lines (over {max_file})")
                    over += 1
                for fname, line, length in functions(path):
                    if length > max_fn:
                        print(f"{path}:{line}: fn {fname} is {length} lines (over {max_fn})")
                        over += 1
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
