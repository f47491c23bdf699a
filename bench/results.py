"""Shared by the bench/ scripts: machine description, a markdown table, and an in-place
update of one script's own section of bench/RESULTS.md (between its markers), so that
several benchmark scripts can write the same file without overwriting each other."""
import os, platform, re

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md")

def machine():
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip(); break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}"

def markdown_table(header, rows):
    """header: list of column names; rows: lists of already formatted cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)

def update_section(area, text):
    """Replaces (or appends) the section of RESULTS.md between
    <!-- bench:AREA:begin --> and <!-- bench:AREA:end --> with text."""
    begin, end = f"<!-- bench:{area}:begin -->", f"<!-- bench:{area}:end -->"
    block = f"{begin}\n{text.rstrip()}\n{end}"
    old = open(RESULTS).read() if os.path.exists(RESULTS) else "# peelcert benchmark results\n"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    new = pattern.sub(lambda m: block, old) if pattern.search(old) else old.rstrip() + "\n\n" + block + "\n"
    with open(RESULTS, "w") as f:
        f.write(new)
