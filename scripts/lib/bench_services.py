"""moto's server and a private clamd on free loopback ports, for scripts/bench's end-to-end figures.

Configured the way scripts/test configures them (clamd knows only Tests/Fixtures/clamav's test
signatures, 200 MiB stream limit). Each is a context manager that stops its process on exit.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from bench_gateway import free_port

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait(check, process, what, log_path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    _stop(process)
    tail = open(log_path, "rb").read()[-2000:].decode(errors="replace") if os.path.exists(log_path) else ""
    raise SystemExit(f"{what} did not start:\n{tail}")


class Moto:
    """moto's server (S3 + SQS) on a free port; `endpoint` is its URL."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.process = None
        self.endpoint = None

    def __enter__(self):
        port = free_port()
        self.log_path = os.path.join(self.workdir, "moto.log")
        command = shutil.which("moto_server")
        arguments = [command] if command else [sys.executable, "-m", "moto.server"]
        self.process = subprocess.Popen(
            arguments + ["-H", "127.0.0.1", "-p", str(port)],
            stdout=open(self.log_path, "ab"),
            stderr=subprocess.STDOUT,
        )
        self.endpoint = f"http://127.0.0.1:{port}"

        def ready():
            with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2) as response:
                return response.status == 200

        _wait(ready, self.process, "moto server", self.log_path)
        return self

    def __exit__(self, *exc):
        _stop(self.process)
        return False


def find_clamd():
    return shutil.which("clamd") or ("/usr/sbin/clamd" if os.access("/usr/sbin/clamd", os.X_OK) else None)


class Clamd:
    """A clamd with only the test signatures, on a free port; `address` is (host, port)."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.process = None

    def __enter__(self):
        binary = find_clamd()
        if not binary:
            raise SystemExit("clamd is missing (apt-get install clamav-daemon clamav, as scripts/test does)")
        database = os.path.join(self.workdir, "clamav-db")
        temporary = os.path.join(self.workdir, "clamd-tmp")
        shutil.copytree(os.path.join(ROOT, "Tests", "Fixtures", "clamav"), database, dirs_exist_ok=True)
        os.makedirs(temporary, exist_ok=True)
        port = free_port()
        self.log_path = os.path.join(self.workdir, "clamd.log")
        config = os.path.join(self.workdir, "clamd.conf")
        with open(config, "w", encoding="ascii") as file:
            file.write(
                f"DatabaseDirectory {database}\nTemporaryDirectory {temporary}\nTCPSocket {port}\n"
                f"TCPAddr 127.0.0.1\nForeground yes\nLogFile {self.log_path}\nLogTime yes\n"
                "StreamMaxLength 200M\nAlertExceedsMax yes\nMaxFileSize 200M\nMaxScanSize 200M\n"
                "MaxRecursion 16\nMaxFiles 10000\n"
            )
        self.process = subprocess.Popen(
            [binary, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.address = ("127.0.0.1", port)

        def ready():
            with socket.create_connection(self.address, timeout=2) as sock:
                sock.sendall(b"zPING\0")
                return sock.recv(64).rstrip(b"\0") == b"PONG"

        _wait(ready, self.process, "clamd", self.log_path)
        return self

    def version(self):
        with socket.create_connection(self.address, timeout=5) as sock:
            sock.sendall(b"zVERSION\0")
            return sock.recv(256).rstrip(b"\0").decode(errors="replace")

    def __exit__(self, *exc):
        _stop(self.process)
        return False
