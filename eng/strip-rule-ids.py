#!/usr/bin/env python3
"""Takes rule ids out of what a consumer of the packages reads (issue 21 item 8).

    eng/strip-rule-ids.py [--check] [--all-docs] PATH...

PATH is a .cs file, a README.md or a folder (searched for both). In a .cs file it edits the /// XML documentation of
public and protected types and members (--all-docs: every /// line) and the text of OpenAPI summaries and descriptions
(WithSummary("..."), WithDescription("...")); in a README.md, every line. It removes rule ids (R-SEC-5, R-TIME-2..5,
R-LIST-*, R-LOG), "SPEC §n" / "§n" and "issue n [item m]" references, and the punctuation they leave:

    (R-SEC-5)                       -> nothing
    ... a cancel, R-REC-2).         -> ... a cancel).
    (R-SEC-7: the loose reading)    -> (the loose reading)
    <summary>R-STORE-3: a second    -> <summary>A second

Rule ids stay in tests, // comments and docs/, where docs/rules.md resolves them. What it cannot rewrite safely (an id
inside a sentence: "per R-TIME-7", "of SPEC §4 under") it leaves and lists as file:line, for a person to reword.
--check changes nothing and exits 1 when something would change or is left.
"""
import re
import sys
from pathlib import Path

ID = r"R-[A-Z]{2,6}(?:-(?:[0-9]{1,2}|\*))?(?:(?:\.\.|…)[0-9]{1,2})?"
SPEC = r"(?:SPEC )?§\s?[0-9]+(?:\.[0-9]+)?"
ISSUE = r"[Ii]ssues? [0-9]+(?: item [0-9]+)?(?: \([A-Z][0-9]\))?"
REF = rf"(?:{ID}|{SPEC}|{ISSUE})"
REFS = rf"{REF}(?:\s*(?:,|;|and|/)\s*{REF})*"
ANY = re.compile(rf"(?<![A-Za-z0-9_]){REF}")

RULES = [
    # (R-SEC-5), (SPEC §9, R-REC-2), (issue 16): the whole parenthesis, and the space before it.
    (re.compile(rf"\s?\((?:see )?{REFS}\)"), ""),
    # (R-SEC-7: the loose reading ...) -> (the loose reading ...)
    (re.compile(rf"\({REFS}\s*[:,]\s*"), "("),
    # (... a cancel, R-REC-2) / (..., SPEC §4 decision ...) end of a parenthesis -> (... a cancel)
    (re.compile(rf"[,;]\s*{REFS}\)"), ")"),
    # ", R-SEC-6." / " (R-SM-7)." at a sentence's end
    (re.compile(rf"[,;]\s*{REFS}(?=[.;])"), ""),
    # "R-STORE-3: a second ..." / "Issue 17 item 6: past the bound" at the start of a text
    (re.compile(rf"(?P<lead>(?:<summary>|<remarks>|<value>|<returns>|<para>|/// |\"|^|\. ))\s*{REFS}\s*:\s*(?P<next>[a-z]?)"),
     lambda m: m.group("lead") + m.group("next").upper()),
]

OPENAPI = re.compile(r'(With(?:Summary|Description)\(\s*)"((?:[^"\\]|\\.)*)"')
DECLARATION = re.compile(r"^\s*(?:\[.*\]\s*)*(?P<mods>(?:(?:public|protected|internal|private|static|sealed|abstract|partial|readonly|override|virtual|new|async|unsafe|required|extern|const|file|ref)\s+)*)")
TYPE_DECL = re.compile(r"^(?P<indent>\s*)(?P<mods>(?:\w+\s+)*)(?:class|struct|interface|enum|record)\s+\w+")


def strip(text):
    for pattern, repl in RULES:
        text = pattern.sub(repl, text)
    return text


def is_public_doc(lines, i):
    """Is the /// block ending before line i on a public or protected declaration (approximately)?"""
    j = i
    while j < len(lines) and (lines[j].lstrip().startswith("[") or not lines[j].strip()):
        j += 1
    if j >= len(lines):
        return False
    mods = DECLARATION.match(lines[j]).group("mods")
    if "private protected" in mods or "private" in mods.split() or "internal" in mods.split():
        return False
    if "public" in mods.split() or "protected" in mods.split():
        return enclosing_public(lines, j)
    # No modifier: an interface or enum member is as visible as its type; anything else is private.
    indent = len(lines[j]) - len(lines[j].lstrip())
    for k in range(j - 1, -1, -1):
        m = TYPE_DECL.match(lines[k])
        if m and len(m.group("indent")) < indent:
            return ("interface" in lines[k] or "enum" in lines[k]) and "public" in m.group("mods").split() and enclosing_public(lines, k)
    return False


def enclosing_public(lines, j):
    indent = len(lines[j]) - len(lines[j].lstrip())
    for k in range(j - 1, -1, -1):
        m = TYPE_DECL.match(lines[k])
        if m and len(m.group("indent")) < indent:
            if "public" not in m.group("mods").split() and "protected" not in m.group("mods").split():
                return False
            indent = len(m.group("indent"))
    return True


def process_cs(path, all_docs):
    lines = path.read_text(encoding="utf-8").split("\n")
    out, left = [], []
    block = []

    def flush(next_index):
        public = all_docs or is_public_doc(lines, next_index)
        for n, line in block:
            new = strip(line) if public else line
            out.append(new)
            if public and ANY.search(new):
                left.append(n)
        block.clear()

    for n, line in enumerate(lines):
        if line.lstrip().startswith("///"):
            block.append((n, line))
            continue
        if block:
            flush(n)
        new = OPENAPI.sub(lambda m: m.group(1) + '"' + strip(m.group(2)) + '"', line)
        if new != line or (OPENAPI.search(line) and ANY.search(" ".join(g for g in OPENAPI.findall(line)[0]))):
            if any(ANY.search(s) for _, s in OPENAPI.findall(new)):
                left.append(n)
        out.append(new)
    if block:
        flush(len(lines))
    return "\n".join(out), left


def process_md(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    out = [strip(l) for l in lines]
    return "\n".join(out), [n for n, l in enumerate(out) if ANY.search(l)]


def files(args):
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.cs") if "/obj/" not in str(x) and "/bin/" not in str(x))
            yield from sorted(p.rglob("README.md"))
        else:
            yield p


def main(argv):
    check = "--check" in argv
    all_docs = "--all-docs" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    changed, remaining = 0, 0
    for path in files(paths):
        original = path.read_text(encoding="utf-8")
        new, left = process_md(path) if path.suffix == ".md" else process_cs(path, all_docs)
        if new != original:
            changed += 1
            if not check:
                path.write_text(new, encoding="utf-8")
            print(f"{'would change' if check else 'changed'} {path}")
        for n in left:
            remaining += 1
            print(f"{path}:{n + 1}: left for a person: {new.split(chr(10))[n].strip()}")
    print(f"{changed} file(s) {'to change' if check else 'changed'}, {remaining} reference(s) left", file=sys.stderr)
    return 1 if check and (changed or remaining) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
