"""The README's Python example runs as printed (certify, check, oracle, audit), and is ten lines."""
import os
import re


def test_readme_python_example(source, capsys):
    text = open(os.path.join(source, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "README has no python example"
    code = blocks[0]
    assert len(code.strip().splitlines()) == 10
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "simplex-etf binding True" in out
    assert "not-optimal (Fraction(" in out            # the audit line: a proved verdict
