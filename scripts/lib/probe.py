#!/usr/bin/env python3
"""Small service helpers for scripts/test: free loopback ports and bounded readiness waits.

    probe.py free-port                         print a free TCP port on 127.0.0.1
    probe.py http URL [--timeout S] [--pid P]  wait until GET URL answers 200
    probe.py clamd HOST PORT [--timeout S] [--pid P]
                                               wait until zPING answers PONG

Exit codes: 0 ready, 1 timed out, 2 the watched process (--pid) exited first, 64 bad usage.
"""

import argparse
import os
import socket
import sys
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); look at its state when /proc is there.
    try:
        with open(f"/proc/{pid}/stat", "r", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def http_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def clamd_ready(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            sock.sendall(b"zPING\0")
            reply = b""
            while not reply.endswith(b"\0"):
                chunk = sock.recv(64)
                if not chunk:
                    break
                reply += chunk
            return reply.rstrip(b"\0") == b"PONG"
    except OSError:
        return False


def wait(check, timeout: float, pid: int | None) -> int:
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return 0
        if pid is not None and not process_alive(pid):
            return 2
        if time.monotonic() >= deadline:
            return 1
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("free-port")
    http = sub.add_parser("http")
    http.add_argument("url")
    clamd = sub.add_parser("clamd")
    clamd.add_argument("host")
    clamd.add_argument("port", type=int)
    for waiting in (http, clamd):
        waiting.add_argument("--timeout", type=float, default=30.0)
        waiting.add_argument("--pid", type=int)
    args = parser.parse_args()

    if args.command == "free-port":
        print(free_port())
        return 0
    if args.command == "http":
        return wait(lambda: http_ready(args.url), args.timeout, args.pid)
    return wait(lambda: clamd_ready(args.host, args.port), args.timeout, args.pid)


if __name__ == "__main__":
    sys.exit(main())
