#!/usr/bin/env python3
"""Drives `engine run` for bench/reload.sh: edits one flow file at a time and measures
how long until the daemon logs that the new revision serves.

Usage: reload.py ENGINE CONFIG STATE PORT EDITS
Prints one latency in milliseconds per line on stdout; the daemon's log goes to
STATE.log. Not a test.
"""
import json
import os
import re
import select
import subprocess
import sys
import time

engine, config, state, port, edits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
log = open(state + ".log", "w")
daemon = subprocess.Popen(
    [engine, "run", config, "--state", state, "--listen", f"127.0.0.1:{port}", "--log-format", "json"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, bufsize=0)


pending = b""


def next_line(deadline):
    """The daemon's next log line, or None at the deadline. Reads the pipe's file
    descriptor itself: a buffered reader can hold a second line that select() no longer
    reports (two lines written together, as debug logging does)."""
    global pending
    while b"\n" not in pending:
        ready, _, _ = select.select([daemon.stderr], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return None
        chunk = os.read(daemon.stderr.fileno(), 65536)
        if not chunk:
            sys.exit("reload.py: the daemon exited; see " + state + ".log")
        pending += chunk
    line, pending = pending.split(b"\n", 1)
    return line.decode("utf-8", "replace") + "\n"


def wait_for(prefix, timeout):
    """Reads the daemon's log until a line whose message starts with `prefix`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = next_line(deadline)
        if line is None:
            break
        log.write(line)
        if not line.startswith("{"):
            continue
        message = json.loads(line).get("message", "")
        if message.startswith(prefix):
            return message
        if message.startswith("configuration not reloaded"):
            sys.exit("reload.py: the daemon refused an edit: " + message)
    sys.exit(f"reload.py: no '{prefix}' within {timeout} s; see {state}.log")


try:
    wait_for("watching for changes", 600)
    flows = sorted(f for f in os.listdir(os.path.join(config, "flows")) if f.endswith(".yaml"))
    for edit in range(edits):
        path = os.path.join(config, "flows", flows[edit % len(flows)])
        with open(path) as handle:
            text = handle.read()
        # Every edit changes the greeting's text, so every save is a new revision.
        text, count = re.subn(r'What can we do for you[^,]*,', f'What can we do for you (edit {edit}),', text, count=1)
        if count != 1:
            sys.exit(f"reload.py: no greeting to edit in {path}")
        # Saved the way editors do: a temporary file renamed over the original.
        temporary = os.path.join(config, "flows", "." + flows[edit % len(flows)] + ".tmp")
        with open(temporary, "w") as handle:
            handle.write(text)
        start = time.monotonic()
        os.rename(temporary, path)
        wait_for("reloaded revision", 30)
        print(f"{(time.monotonic() - start) * 1000:.1f}", flush=True)
        time.sleep(0.3)
finally:
    daemon.terminate()
    daemon.wait(30)
    log.close()
