"""Starting and talking to GatewayBenchServer (Benchmarks/Servers/GatewayBenchServer) for scripts/bench.

Shared by bench_tickets.py and bench_scan_latency.py: start the server on a free loopback port
with a given environment, wait until it listens, register guests, and make small JSON calls.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

# Variables of the caller's shell that must not reach the benchmark's gateway.
_SCRUBBED_PREFIXES = ("ATTACHE_", "AWS_")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GatewayProcess:
    """A GatewayBenchServer child process; use as a context manager (stops it on exit)."""

    def __init__(self, binary, workdir, settings, log_path, start_timeout=60.0):
        self.binary = binary
        self.workdir = workdir
        self.settings = settings
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.process = None
        self.base_url = None

    def __enter__(self):
        environment = {
            name: value for name, value in os.environ.items() if not name.startswith(_SCRUBBED_PREFIXES)
        }
        environment.update(
            {
                "ATTACHE_HOST": "127.0.0.1",
                # A known port, not 0: the embedded store's signed URLs are made from the
                # configured port before the server binds (ATTACHE_PORT=0 would give :0 links).
                "ATTACHE_PORT": str(free_port()),
                "ATTACHE_DATABASE_URL": f"sqlite:{self.workdir}/attache.sqlite",
                "ATTACHE_STORE": f"local:{self.workdir}/objects",
                "ATTACHE_SIGNING_SECRET": secrets.token_hex(32),
            }
        )
        environment.update(self.settings)
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary],
            cwd=self.workdir,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        deadline = time.monotonic() + self.start_timeout
        line = b""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith(b"listening "):
                port = int(line.split()[1])
                self.base_url = f"http://127.0.0.1:{port}"
                return self
            if not line and self.process.poll() is not None:
                break
        self.__exit__(None, None, None)
        raise SystemExit(f"GatewayBenchServer did not start (see {self.log_path}); last output {line!r}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()
        self.log.close()
        return False

    @property
    def pid(self):
        return self.process.pid

    def call(self, method, path, body=None, credential=None, expect=(200, 201)):
        """One JSON request to this gateway; returns the decoded answer."""
        return call(self.base_url, method, path, body, credential, expect)

    def register_guests(self, count):
        """Registers `count` guests; returns their credentials."""
        credentials = []
        for index in range(count):
            answer = self.call(
                "POST",
                "/v1/guests",
                {"sessionToken": f"bench-{index}-{secrets.token_hex(12)}", "deploymentId": "bench"},
            )
            credentials.append(answer["credential"])
        return credentials


def call(base_url, method, path, body=None, credential=None, expect=(200, 201)):
    """One JSON request to `base_url` (a gateway, or a load balancer in front of gateways);
    returns the decoded answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if credential:
        request.add_header("Authorization", f"Bearer {credential}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    if status not in expect:
        raise RuntimeError(f"{method} {path}: HTTP {status}: {text[:300]!r}")
    return json.loads(text) if text else None
