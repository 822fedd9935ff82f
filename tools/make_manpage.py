#!/usr/bin/env python3
"""Writes the counterpart(1) man page from the program's own help texts (tools/cli_usage.cpp), so the page
never drifts from `counterpart --help`. Run at build time with the freshly built binary.

Usage: make_manpage.py COUNTERPART OUTPUT VERSION
"""
import re
import subprocess
import sys


def help_text(binary, *command):
    return subprocess.run([binary, "help", *command], check=True, capture_output=True, text=True).stdout


def roff(text):
    """Escapes plain text for a no-fill block: backslashes, hyphens (so options copy as ASCII minus signs),
    and lines that would start a request."""
    out = []
    for line in text.rstrip("\n").split("\n"):
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def main():
    binary, output, version = sys.argv[1:4]
    overview = help_text(binary)
    first_line, _, rest = overview.partition("\n")
    summary = first_line.split(":", 1)[1].strip().rstrip(".") if ":" in first_line else first_line
    commands = []
    for m in re.finditer(r"^  counterpart ([a-z][a-z-]*)\b", overview, re.M):
        if m.group(1) not in commands and m.group(1) != "help":
            commands.append(m.group(1))
    if not commands:
        sys.exit("make_manpage.py: no commands found in the help text")
    usage_at = rest.find("Usage:")
    env_at = rest.find("Environment:")
    description = rest[:usage_at].strip()
    synopsis = rest[usage_at + len("Usage:"):env_at if env_at >= 0 else None].strip("\n")
    environment = rest[env_at:].strip() if env_at >= 0 else ""

    page = [
        '.TH COUNTERPART 1 "" "counterpart %s" "User Commands"' % version,
        ".SH NAME",
        "counterpart \\- %s" % roff(summary[0].lower() + summary[1:]),
        ".SH SYNOPSIS",
        ".nf",
        roff("\n".join(l.strip() for l in synopsis.split("\n") if l.strip())),
        ".fi",
        ".SH DESCRIPTION",
        roff(" ".join(description.split())),
        ".PP",
        "Without a command, counterpart opens the window app on the scenario library. Each command is "
        "described below, as printed by \\fBcounterpart help\\fR \\fICOMMAND\\fR.",
        ".SH COMMANDS",
    ]
    for command in commands:
        page += [".SS %s" % roff(command), ".nf", roff(help_text(binary, command)), ".fi"]
    page += [
        ".SH ENVIRONMENT",
        roff(" ".join(environment.split())),
        ".SH FILES",
        ".TP",
        "\\fI/usr/share/counterpart/scenarios\\fR",
        "The bundled scenarios, their policies and marking points (found relative to the binary: "
        "\\fI../share/counterpart/scenarios\\fR).",
        ".TP",
        "\\fI$XDG_DATA_HOME/counterpart/scenarios\\fR",
        "The user's own scenarios (default \\fI~/.local/share/counterpart/scenarios\\fR).",
        ".TP",
        "\\fI$XDG_DATA_HOME/counterpart/sessions\\fR",
        "Session records.",
        ".TP",
        "\\fI$XDG_CONFIG_HOME/counterpart/settings.json\\fR",
        "Settings, including the scenario folders added to the library (default \\fI~/.config/counterpart\\fR).",
    ]
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
