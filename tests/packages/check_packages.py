#!/usr/bin/python3
"""Every Python module the tests import and every program they run comes
from a Debian package that scripts/packages-*.txt installs.

For each test and build script it collects
  - Python imports (ast; the standard library and the project's own
    modules left out) and pandas engines (engine="xlsxwriter"),
  - programs: the commands of shell scripts and Makefile recipes (words in
    command position), absolute paths such as /usr/bin/time, and the first
    element of subprocess argument lists,
finds the file each resolves to on this machine (importlib for modules,
PATH for programs), asks dpkg which package owns it, and checks that the
package is listed, or is Essential or Priority: required (in every Debian
root, debootstrap --variant=minbase), or is a Depends/Pre-Depends of a
listed package (apt installs it with the listed one).
A module or program that cannot be found at all fails too: the lists did
not install it.

usage: check_packages.py [--root DIR] LIST-FILE...
Prints one "ok - ..."/"not ok - ..." line per module or program and exits
1 when any is not covered.
"""
import ast
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# bash keywords and builtins: never programs
SHELL_WORDS = set("""
if then else elif fi case esac for select while until do done in function time
coproc alias bg bind break builtin caller cd command compgen complete compopt
continue declare dirs disown echo enable eval exec exit export false fc fg
getopts hash help history jobs kill let local logout mapfile popd printf pushd
pwd read readarray readonly return set shift shopt source suspend test times
trap true type typeset ulimit umask unalias unset wait
""".split())

# what makes the next word a command
CMD_START = re.compile(
    r"(?:^|[;&|(`!{]|\$\(|\b(?:then|do|else|elif|if|while|until|exec|command|xargs|nice|nohup|setsid|sudo|runuser)\s"
    r"|\btimeout\s+(?:-\S+\s+)*\S+\s|\benv\s(?:\s*-\S+)*(?:\s*\w+=\S*)*)"
    r"\s*(?:\w+=(?:\"[^\"]*\"|'[^']*'|\S*)\s+)*([A-Za-z][\w.+-]*)(?![\w.+-]|=)")
ABS_PROG = re.compile(r"(?<![\w/.$-])(/(?:usr/)?s?bin/[\w.+-]+)")
PY_SUBPROC = re.compile(
    r"(?:run|call|check_call|check_output|Popen)\(\s*\[\s*[\"']([\w.+-]+)[\"']")
PY_WHICH = re.compile(r"which\(\s*[\"']([\w.+-]+)[\"']")
PY_ENGINE = re.compile(r"engine\s*=\s*[\"'](\w+)[\"']")


def scripts(root):
    """The files the tests and `make test` run, relative to root."""
    pats = ["tests/**/*.py", "tests/**/*.sh", "tests/run.sh", "bench/peer/*.py",
            "scripts/*.py", "scripts/*.sh", "fuzz/*.py", "fuzz/*.sh", ".ci/run",
            "Makefile", "mk/*.mk"]
    seen = []
    for p in pats:
        for f in sorted(glob.glob(os.path.join(root, p), recursive=True)):
            if os.path.isfile(f) and f not in seen and "/tests/out/" not in f:
                seen.append(f)
    return seen


def strip_comment(line):
    if line.lstrip().startswith("#"):
        return ""
    return re.sub(r"(^|\s)#.*$", "", line)


def split_heredocs(text):
    """(shell text without heredoc bodies, [(opening line, body)])."""
    lines, docs, out = text.splitlines(), [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = re.search(r"<<(-?)\s*['\"]?(\w+)['\"]?", strip_comment(line))
        if m:
            body = []
            while i < len(lines) and (lines[i].strip() if m.group(1) else lines[i]) != m.group(2):
                body.append(lines[i])
                i += 1
            i += 1
            docs.append((line, "\n".join(body)))
    return "\n".join(out), docs


def unquote(line):
    """A shell line with what quotes hold left out (prose, patterns), but
    the commands of "$(...)" and of sh -c '...' kept."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            out.append(line[i:i + 2])
            i += 2
        elif c == "'":
            j = line.find("'", i + 1)
            j = n if j < 0 else j
            keep = re.search(r"-c\s*$", "".join(out))
            out.append(" " + line[i + 1:j] + " " if keep else "''")
            i = j + 1
        elif c == '"':
            # the commands of $(...) inside, which may hold quotes themselves
            j, subs = i + 1, []
            while j < n and line[j] != '"':
                if line.startswith("$(", j):
                    depth, k = 1, j + 2
                    while k < n and depth:
                        depth += {"(": 1, ")": -1}.get(line[k], 0)
                        k += 1
                    subs.append(unquote(line[j + 2:k - 1]))
                    j = k
                else:
                    j += 2 if line[j] == "\\" else 1
            out.append('" ' + " ; ".join("$(" + m + ")" for m in subs) + ' "')
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def shell_programs(path, text, makefile):
    funcs = set(re.findall(r"^\s*(?:function\s+)?([\w-]+)\s*\(\)", text, re.M))
    progs = set()
    for raw in text.splitlines():
        if makefile:
            if not raw.startswith("\t"):
                continue
            raw = raw.lstrip("\t").lstrip("@-+")
        line = unquote(strip_comment(raw))
        for m in CMD_START.finditer(line):
            word = m.group(1)
            if word not in SHELL_WORDS and word not in funcs:
                progs.add(word)
        for m in ABS_PROG.finditer(strip_comment(raw)):
            progs.add(m.group(1))
        # arrays of a command line: M=(make ...)
        for m in re.finditer(r"\b\w+=\(\s*([A-Za-z][\w.+-]*)", line):
            progs.add(m.group(1))
    return progs


def python_uses(path, text, local_modules):
    mods, progs = set(), set()
    try:
        tree = ast.parse(text, path)
    except SyntaxError as e:
        raise SystemExit(f"{path}: {e}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for n in names:
            top = n.split(".")[0]
            if top not in sys.stdlib_module_names and top not in local_modules:
                mods.add(top)
    mods |= set(PY_ENGINE.findall(text))
    progs |= set(PY_SUBPROC.findall(text)) | set(PY_WHICH.findall(text))
    progs |= set(ABS_PROG.findall(text))
    return mods, progs


def owners(paths):
    """path -> the Debian package that owns it (either side of the /usr
    merge), asked of dpkg in one call."""
    cands = {}
    for path in paths:
        c = [path, os.path.realpath(path)]
        c += [x[4:] if x.startswith("/usr/") else "/usr" + x for x in list(c)]
        cands[path] = c
    every = sorted({x for c in cands.values() for x in c})
    owned = {}
    if every:
        r = subprocess.run(["dpkg-query", "-S"] + every, capture_output=True, text=True)
        for line in r.stdout.splitlines():
            pkgs, _, p = line.partition(": ")
            if not pkgs.startswith("diversion by"):
                owned.setdefault(p, pkgs.split(",")[0].strip().split(":")[0])
    return {path: next((owned[x] for x in c if x in owned), None) for path, c in cands.items()}


def installed_packages():
    """name -> (essential, priority, [dependency alternatives]), and provides."""
    fmt = "${Package}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Provides}\t${db:Status-Abbrev}\n"
    out = subprocess.run(["dpkg-query", "-W", "-f", fmt], capture_output=True, text=True).stdout
    info, provides = {}, {}
    for line in out.splitlines():
        name, ess, prio, deps, prov, status = line.split("\t")
        if not status.startswith("ii"):
            continue
        alts = []
        for d in deps.split(","):
            choice = [re.sub(r"[\s(:].*", "", a.strip()) for a in d.split("|") if a.strip()]
            if choice:
                alts.append(choice)
        info[name] = (ess == "yes", prio, alts)
        for p in prov.split(","):
            p = re.sub(r"[\s(].*", "", p.strip())
            if p:
                provides.setdefault(p, []).append(name)
    return info, provides


def closure(listed, info, provides):
    """Packages apt installs for the listed ones (Depends and Pre-Depends)."""
    have = set()
    todo = list(listed)
    while todo:
        n = todo.pop()
        real = [n] if n in info else provides.get(n, [])
        for r in real:
            if r in have:
                continue
            have.add(r)
            for choice in info[r][2]:
                inst = [c for c in choice if c in info or c in provides]
                todo.extend(inst[:1])
    return have


def main():
    args = sys.argv[1:]
    root = "."
    if len(args) >= 2 and args[0] == "--root":
        root, args = args[1], args[2:]
    if not args:
        raise SystemExit(__doc__)
    listed = []
    for lf in args:
        with open(lf, encoding="utf-8") as f:
            listed += [w for line in f if not line.startswith("#") for w in line.split()]
    info, provides = installed_packages()
    deps = closure(listed, info, provides)

    local = {os.path.splitext(os.path.basename(p))[0]
             for p in glob.glob(os.path.join(root, "**/*.py"), recursive=True)}
    modules, programs = {}, {}
    me = os.path.realpath(__file__)

    def add_python(text, rel, label):
        m, p = python_uses(label, text, local)
        for x in m:
            modules.setdefault(x, rel)
        for x in p:
            programs.setdefault(x, rel)

    for path in scripts(root):
        if os.path.realpath(path) == me:
            continue
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if path.endswith(".py"):
            add_python(text, rel, rel)
            continue
        shell, docs = split_heredocs(text)
        for x in shell_programs(path, shell, os.path.basename(path) == "Makefile" or path.endswith(".mk")):
            programs.setdefault(x, rel)
        for opening, body in docs:   # $PY - <<'PY' ... PY: Python
            if re.search(r"\$PY\b|python3", opening):
                add_python(body, rel, f"{rel} (heredoc)")
        for code in re.findall(r"(?:\$PY|python3)\s+-c\s+(?:\"([^\"]*)\"|'([^']*)')", shell):
            for x in re.findall(r"(?:^|;|\n)\s*(?:import|from)\s+([A-Za-z_]\w*)", "".join(code)):
                if x not in sys.stdlib_module_names and x not in local:
                    modules.setdefault(x, rel)

    # Programs: a shell word is a program when it resolves on PATH (a word
    # that does not is a variable, a function or prose; a program really
    # missing here fails its own suite anyway).  Named ones must exist.
    failed = 0
    paths = {}
    for name, where in sorted(programs.items()):
        if os.path.basename(name).startswith("taawun"):
            continue   # the project's own programs (installed by make install)
        if name.startswith("/"):
            paths[("program", name)] = name if os.path.exists(name) else None
        else:
            found = shutil.which(name, path=PATH)
            if found:
                paths[("program", name)] = found
    for name in sorted(modules):
        spec = None
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            pass
        path = spec.origin if spec and spec.origin not in (None, "built-in", "frozen") else None
        if spec and path is None and spec.submodule_search_locations:
            path = os.path.join(list(spec.submodule_search_locations)[0], "__init__.py")
        paths[("Python module", name)] = path
    own = owners([p for p in paths.values() if p])

    for (what, name), path in sorted(paths.items()):
        where = modules[name] if what == "Python module" else programs[name]
        if path is None:
            failed += 1
            print(f"not ok - {what} {name} ({where}) is not on this machine: "
                  f"a package of scripts/packages-*.txt must provide it")
            continue
        pkg = own.get(path)
        if pkg is None:
            failed += 1
            print(f"not ok - {what} {name} ({where}): {path} belongs to no Debian package")
            continue
        why = None
        if pkg in listed:
            why = "listed"
        elif pkg in info and info[pkg][0]:
            why = "Essential"
        elif pkg in info and info[pkg][1] == "required":
            why = "Priority: required"
        elif pkg in deps:
            why = "a dependency of a listed package"
        if why:
            print(f"ok - {what} {name} ({where}): {pkg}, {why}")
        else:
            failed += 1
            print(f"not ok - {what} {name} ({where}): package {pkg} is not in scripts/packages-*.txt")
    modules_n = sum(1 for k in paths if k[0] == "Python module")
    programs_n = len(paths) - modules_n
    print(f"{modules_n} modules and {programs_n} programs checked, {failed} not covered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
