"""Shared by the bench/ scripts: machine description, a markdown table, and an in-place
update of one script's own section of bench/RESULTS.md (between its markers), so that
several benchmark scripts can write the same file without overwriting each other."""
import os, platform, re, resource, subprocess, time

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


def children_cpu():
    """CPU seconds (user + system) of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(argv, repeat):
    """(best wall seconds, CPU seconds of that run, the completed process) over repeat runs."""
    best, cpu, p = None, None, None
    for _ in range(repeat):
        t0, c0 = time.monotonic(), children_cpu()
        p = subprocess.run(argv, capture_output=True, text=True)
        dt, dc = time.monotonic() - t0, children_cpu() - c0
        if best is None or dt < best:
            best, cpu = dt, dc
    return best, cpu, p
