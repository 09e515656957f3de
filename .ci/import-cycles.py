#!/usr/bin/env python3
"""Finds import circles between the modules (files) of a crate's src/ folder.

A file depends on another when it names it: `use crate::a::b`, `super::x`, or a path
such as `crate::store::tickets::get(...)` in code. Declaring a child (`mod x;`) is no
dependency. Prints every circle and exits 1 when there is one.

Usage: import-cycles.py CRATE_SRC_DIR [...]
"""
import os
import re
import sys


def module_files(src):
    files = {}
    for root, _, names in os.walk(src):
        for name in names:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[-1] in ("mod", "lib", "main"):
                rel = rel[:-1]
            files[tuple(rel)] = path
    return files


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def strip_tests(text):
    """Drops `#[cfg(test)]` items (test modules and helpers): tests may reach anywhere."""
    out, i = [], 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        k = text.find("{", j)
        semi = text.find(";", j)
        if k < 0 or (0 <= semi < k):
            i = semi + 1
            continue
        depth = 0
        for n in range(k, len(text)):
            if text[n] == "{":
                depth += 1
            elif text[n] == "}":
                depth -= 1
                if depth == 0:
                    i = n + 1
                    break
        else:
            return "".join(out)


def resolve(files, path):
    """The deepest module file a path names."""
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in files:
            return tuple(path[:n])
    return None


def edges(files):
    out = {m: set() for m in files}
    for module, path in files.items():
        text = strip_tests(strip_comments(open(path, encoding="utf-8").read()))
        is_dir_module = os.path.basename(path) in ("mod.rs", "lib.rs", "main.rs")
        parent = list(module) if is_dir_module else list(module[:-1])
        # `use a::{b, c::d}` groups name several paths; expand the simple cases.
        for start, rest in re.findall(r"\b(crate|super)((?:::(?:\w+|\{[^}]*\}))+)", text):
            base = [] if start == "crate" else parent[:-1] if is_dir_module else parent
            if start == "super" and is_dir_module:
                base = list(module[:-1])
            parts = re.findall(r"::(\w+|\{[^}]*\})", rest)
            prefix = []
            for part in parts:
                if part.startswith("{"):
                    for item in re.split(r",", part[1:-1]):
                        item = [p for p in re.split(r"::", item.strip()) if p and p not in ("self", "*")]
                        target = resolve(files, base + prefix + [w.split(" ")[0] for w in item])
                        if target is not None and target != module:
                            out[module].add(target)
                    prefix = None
                    break
                if part == "super":
                    base = base[:-1]
                    continue
                prefix.append(part)
            if prefix is not None:
                target = resolve(files, base + prefix)
                if target is not None and target != module:
                    out[module].add(target)
    return out


def circles(graph):
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def main():
    bad = 0
    for src in sys.argv[1:]:
        files = module_files(src)
        graph = edges(files)
        # A parent module naming its own children (re-exports, fields of their types)
        # is how a module is put together, not a circle; a child naming its parent
        # and the parent naming it back is.
        for component in circles(graph):
            names = sorted("::".join(m) or "(crate root)" for m in component)
            print(f"{src}: import circle between {', '.join(names)}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
