"""moto's server and a private clamd on free loopback ports, for scripts/bench's end-to-end figures.

Configured the way scripts/test configures them (clamd knows only Tests/Fixtures/clamav's test
signatures, 200 MiB stream limit). Each is a context manager that stops its process on exit.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def find_postgres_bin():
    """Debian's PostgreSQL server binaries (/usr/lib/postgresql/VERSION/bin), newest first."""
    base = "/usr/lib/postgresql"
    versions = sorted(os.listdir(base), key=lambda v: [int(p) for p in v.split(".") if p.isdigit()]) if os.path.isdir(base) else []
    for version in reversed(versions):
        directory = os.path.join(base, version, "bin")
        if os.access(os.path.join(directory, "initdb"), os.X_OK):
            return directory
    return None


class Postgres:
    """A private PostgreSQL server (initdb into a temporary directory of its own, as the postgres
    user when run as root) on a free port, with database `attache_bench`; `url` is its
    postgres:// URL. The directory is removed on exit."""

    def __init__(self):
        self.workdir = None
        self.binaries = None
        self.url = None

    def _run(self, *arguments, **options):
        command = list(arguments)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--"] + command
        return subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **options)

    def __enter__(self):
        self.binaries = find_postgres_bin()
        if not self.binaries:
            raise SystemExit("PostgreSQL is missing (apt-get install postgresql, as scripts/test does)")
        self.workdir = tempfile.mkdtemp(prefix="attache-bench-postgres.")
        if os.geteuid() == 0:
            os.chmod(self.workdir, 0o755)
            shutil.chown(self.workdir, "postgres")
        data = os.path.join(self.workdir, "data")
        self.log_path = os.path.join(self.workdir, "postgres.log")
        port = free_port()
        self._run(os.path.join(self.binaries, "initdb"), "-D", data, "-U", "attache", "--auth=trust",
                  "--no-locale", "-E", "UTF8", "--no-sync")
        self._run(os.path.join(self.binaries, "pg_ctl"), "-D", data, "-l", self.log_path, "-w", "-t", "60",
                  "-o", f"-h 127.0.0.1 -p {port} -k {self.workdir} -c max_connections=200", "start")
        self._run(os.path.join(self.binaries, "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "attache",
                  "attache_bench")
        self.pid = int(open(os.path.join(data, "postmaster.pid"), encoding="ascii").readline())
        self.url = f"postgres://attache@127.0.0.1:{port}/attache_bench?sslmode=disable"
        return self

    def __exit__(self, *exc):
        if self.binaries:
            try:
                self._run(os.path.join(self.binaries, "pg_ctl"), "-D", os.path.join(self.workdir, "data"),
                          "-m", "fast", "-w", "-t", "30", "stop")
            except subprocess.CalledProcessError:
                pass
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return False


class Nginx:
    """nginx (Debian) on a free port, proxying to `upstreams` (host:port) with HTTP/1.1 keep-alive
    upstream connections; `base_url` is its URL, `pid` its master process."""

    def __init__(self, workdir, name, upstreams, workers=2):
        self.workdir = os.path.join(workdir, name)
        self.upstreams = upstreams
        self.workers = workers
        self.process = None

    def __enter__(self):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.access(binary, os.X_OK):
            raise SystemExit("nginx is missing (apt-get install nginx-light, as scripts/bench does)")
        os.makedirs(self.workdir)
        port = free_port()
        servers = "".join(f"        server {upstream};\n" for upstream in self.upstreams)
        user = "user root;\n" if os.geteuid() == 0 else ""
        config = os.path.join(self.workdir, "nginx.conf")
        with open(config, "w", encoding="ascii") as file:
            file.write(
                f"{user}worker_processes {self.workers};\ndaemon off;\npid {self.workdir}/nginx.pid;\n"
                f"error_log {self.workdir}/error.log warn;\n"
                "events { worker_connections 4096; }\n"
                "http {\n    access_log off;\n"
                f"    client_body_temp_path {self.workdir}/body;\n    proxy_temp_path {self.workdir}/proxy;\n"
                f"    fastcgi_temp_path {self.workdir}/fastcgi;\n    uwsgi_temp_path {self.workdir}/uwsgi;\n"
                f"    scgi_temp_path {self.workdir}/scgi;\n"
                f"    upstream gateways {{\n{servers}        keepalive 128;\n    }}\n"
                f"    server {{\n        listen 127.0.0.1:{port};\n"
                "        location / {\n            proxy_pass http://gateways;\n"
                "            proxy_http_version 1.1;\n            proxy_set_header Connection \"\";\n"
                "            proxy_set_header X-Forwarded-For $remote_addr;\n        }\n    }\n}\n"
            )
        self.log_path = os.path.join(self.workdir, "error.log")
        self.process = subprocess.Popen(
            [binary, "-p", self.workdir, "-c", config], stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.workdir, "stderr.log"), "ab"),
        )
        self.base_url = f"http://127.0.0.1:{port}"
        self.pid = self.process.pid

        def ready():
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return True

        _wait(ready, self.process, "nginx", self.log_path)
        return self

    def __exit__(self, *exc):
        _stop(self.process)
        return False
