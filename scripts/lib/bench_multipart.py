#!/usr/bin/env python3
"""Multipart upload throughput (scripts/bench): to moto's S3 and to the embedded object store.

    bench_multipart.py --uploader PATH --server PATH [--repetitions 3] [--s3-mib 256] [--local-mib 96]

S3 (moto's server, one bucket, the same 256 MiB file, alternating, median of `--repetitions`):
- AWSClients' S3Client through `S3UploadBench` (8 MiB parts, 10 at a time: boto3's defaults),
  timed inside the process from CreateMultipartUpload to CompleteMultipartUpload's answer;
- boto3 `upload_file` with its default TransferConfig (8 MiB parts, 10 threads), timed in-process;
- `aws s3 cp FILE s3://…` (awscli, its defaults), timed around the command (its start-up included,
  as a user sees it).

Embedded store (GatewayBenchServer in development mode, the same `--local-mib` file, whose size
the default upload policy allows): a ticket (multipart, 8 MiB parts), the parts PUT by one
`curl --parallel` (4 at a time) to the signed part URLs, complete; timed from the ticket request to
the complete call's answer (the ticket carries 10 part URLs, the rest come from
`POST /v1/uploads/{id}/parts`). Reference: `curl -T` of the same file, one stream, to a part URL of
another ticket (the same endpoint and code path, no parallelism, no completion). Both curls send
no `Expect: 100-continue`; curl's default (which waits up to 1 s for a 100 Continue before each
body) is measured as a third figure.

Prints one JSON object.
"""

import argparse
import json
import resource
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import GatewayProcess  # noqa: E402
from bench_services import Moto  # noqa: E402

import boto3  # noqa: E402
from boto3.s3.transfer import TransferConfig  # noqa: E402
from botocore.config import Config  # noqa: E402

# Without `Expect: 100-continue`, so the figures measure the bodies alone (curl's default, which
# waits for the gateway's 100 Continue before each body, is measured separately below).
NO_EXPECT = ["-H", "Expect:"]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "attache-bench", "AWS_SECRET_ACCESS_KEY": "attache-bench-secret"}


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_file(path, mib):
    with open(path, "wb") as file:
        for _ in range(mib):
            file.write(os.urandom(1 << 20))


def s3_figures(uploader, workdir, mib, repetitions):
    path = os.path.join(workdir, "upload.bin")
    write_file(path, mib)
    environment = {**os.environ, **CREDENTIALS, "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}
    environment.pop("AWS_PROFILE", None)
    with Moto(workdir) as moto:
        session = boto3.session.Session(
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        )
        s3 = session.client("s3", endpoint_url=moto.endpoint, config=Config(s3={"addressing_style": "path"}))
        bucket = f"bench-multipart-{uuid.uuid4().hex[:8]}"
        s3.create_bucket(Bucket=bucket)
        runs = {"swift": [], "boto3": [], "awscli": []}
        client_cpu = {"swift": [], "boto3": [], "awscli": []}
        server_cpu = {"swift": [], "boto3": [], "awscli": []}

        def swift():
            output = subprocess.run(
                [uploader, moto.endpoint, bucket, path, "1", "8", "10"],
                env=environment, capture_output=True, text=True, check=True,
            ).stdout
            return json.loads(output.strip().splitlines()[-1])["seconds"][0]

        def boto():
            key = f"boto3/{uuid.uuid4().hex}"
            start = time.perf_counter()
            s3.upload_file(path, bucket, key, Config=TransferConfig())
            elapsed = time.perf_counter() - start
            s3.delete_object(Bucket=bucket, Key=key)
            return elapsed

        def awscli():
            key = f"awscli/{uuid.uuid4().hex}"
            start = time.perf_counter()
            subprocess.run(
                ["aws", "s3", "cp", path, f"s3://{bucket}/{key}", "--endpoint-url", moto.endpoint, "--only-show-errors"],
                env=environment, check=True,
            )
            elapsed = time.perf_counter() - start
            s3.delete_object(Bucket=bucket, Key=key)
            return elapsed

        uploaders = [("swift", swift), ("boto3", boto), ("awscli", awscli)]
        for repetition in range(repetitions + 1):  # the first round warms up
            # A different order each round, so none always follows the same one.
            order = uploaders[repetition % 3 :] + uploaders[: repetition % 3]
            for name, upload in order:
                children = resource.getrusage(resource.RUSAGE_CHILDREN)
                own = time.process_time()
                moto_before = cpu_seconds(moto.process.pid)
                elapsed = upload()
                moto_used = cpu_seconds(moto.process.pid) - moto_before
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                used = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) + (
                    time.process_time() - own if name == "boto3" else 0
                )
                if repetition > 0:
                    runs[name].append(elapsed)
                    client_cpu[name].append(used)
                    server_cpu[name].append(moto_used)
    awscli_version = subprocess.run(["aws", "--version"], capture_output=True, text=True, env=environment)
    medians = {name: statistics.median(values) for name, values in runs.items()}
    size = mib << 20
    return {
        "bytes": size,
        "seconds": medians,
        "mib_per_s": {name: mib / value for name, value in medians.items()},
        "runs": runs,
        "client_cpu_s": {name: statistics.median(values) for name, values in client_cpu.items()},
        "moto_cpu_s": {name: statistics.median(values) for name, values in server_cpu.items()},
        "ratio_vs_boto3": medians["boto3"] / medians["swift"],
        "ratio_vs_awscli": medians["awscli"] / medians["swift"],
        "awscli": (awscli_version.stdout or awscli_version.stderr).split()[0],
        "boto3": boto3.__version__,
    }


def curl(arguments):
    """Runs curl quietly; returns what it wrote to standard output (`-w`)."""
    return subprocess.run(
        ["curl", "--silent", "--show-error", "--fail", "--no-progress-meter", *arguments],
        check=True, capture_output=True, text=True,
    ).stdout


def local_figures(server, workdir, mib, repetitions):
    path = os.path.join(workdir, "local.bin")
    write_file(path, mib)
    size = mib << 20
    runs = {"multipart": [], "curl": [], "curl_expect_100": []}
    with GatewayProcess(server, workdir, {"ATTACHE_LOG_LEVEL": "warning"}, os.path.join(workdir, "gw.log")) as gateway:
        credential = gateway.register_guests(1)[0]
        request = {"filename": "local-throughput.txt", "size": size, "contentType": "text/plain"}
        # The parts as files (not timed), so curl sends each from its own file.
        part_size = 8 << 20
        parts_dir = os.path.join(workdir, "parts")
        os.makedirs(parts_dir, exist_ok=True)
        with open(path, "rb") as source:
            number = 0
            while chunk := source.read(part_size):
                number += 1
                with open(os.path.join(parts_dir, f"{number}"), "wb") as part:
                    part.write(chunk)
        for repetition in range(repetitions + 1):
            start = time.perf_counter()
            ticket = gateway.call("POST", "/v1/uploads", request, credential=credential, expect=(201,))
            upload = ticket["upload"]
            assert upload["partSize"] == part_size, upload
            part_urls = list(upload["parts"])
            missing = list(range(len(part_urls) + 1, upload["partCount"] + 1))
            if missing:  # a ticket carries the first part URLs; the client asks for the rest
                more = gateway.call(
                    "POST", f"/v1/uploads/{ticket['fileId']}/parts", {"partNumbers": missing}, credential=credential
                )
                part_urls += more["parts"]
            arguments = [*NO_EXPECT, "--parallel", "--parallel-max", "4", "-w", "%{url}\\t%header{etag}\\n"]
            for part in part_urls:
                arguments += ["-T", os.path.join(parts_dir, str(part["partNumber"])), part["url"], "-o", "/dev/null"]
            written = curl(arguments)
            etags = {}
            for line in written.splitlines():
                url, _, etag = line.partition("\t")
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
                etags[int(query["partNumber"][0])] = etag.strip()
            parts = [{"partNumber": number, "etag": etags[number]} for number in sorted(etags)]
            assert len(parts) == upload["partCount"], parts
            gateway.call("POST", f"/v1/uploads/{ticket['fileId']}/complete", {"parts": parts}, credential=credential)
            multipart = time.perf_counter() - start
            # The completed upload is scanned (dev mode: the policy scanner reads it back); let that
            # finish so it does not run during the next measurement.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                state = gateway.call("GET", f"/v1/uploads/{ticket['fileId']}", credential=credential)["state"]
                if state not in ("uploaded", "scanning"):
                    break
                time.sleep(0.05)
            gateway.call("DELETE", f"/v1/uploads/{ticket['fileId']}", credential=credential, expect=(200, 204, 404, 409))

            other = gateway.call("POST", "/v1/uploads", request, credential=credential, expect=(201,))
            url = other["upload"]["parts"][0]["url"]
            start = time.perf_counter()
            curl([*NO_EXPECT, "-T", path, url, "-o", "/dev/null"])
            raw = time.perf_counter() - start
            gateway.call("DELETE", f"/v1/uploads/{other['fileId']}", credential=credential, expect=(200, 204, 404, 409))

            # curl's default: `Expect: 100-continue`, the body sent once 100 Continue comes (or after 1 s).
            other = gateway.call("POST", "/v1/uploads", request, credential=credential, expect=(201,))
            url = other["upload"]["parts"][0]["url"]
            start = time.perf_counter()
            curl(["-T", path, url, "-o", "/dev/null"])
            expecting = time.perf_counter() - start
            gateway.call("DELETE", f"/v1/uploads/{other['fileId']}", credential=credential, expect=(200, 204, 404, 409))
            if repetition > 0:
                runs["multipart"].append(multipart)
                runs["curl"].append(raw)
                runs["curl_expect_100"].append(expecting)
    medians = {name: statistics.median(values) for name, values in runs.items()}
    return {
        "bytes": size,
        "seconds": medians,
        "mib_per_s": {name: mib / value for name, value in medians.items()},
        "runs": runs,
        "ratio_vs_curl": medians["curl"] / medians["multipart"],
        "parallel_parts": 4,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploader", required=True, help="S3UploadBench")
    parser.add_argument("--server", required=True, help="GatewayBenchServer")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--s3-mib", type=int, default=256)
    parser.add_argument("--local-mib", type=int, default=96)
    arguments = parser.parse_args()
    if not shutil.which("aws"):
        raise SystemExit("awscli is missing (pip install awscli)")
    with tempfile.TemporaryDirectory(prefix="attache-bench-multipart.") as workdir:
        result = {"s3": s3_figures(arguments.uploader, workdir, arguments.s3_mib, arguments.repetitions)}
        os.remove(os.path.join(workdir, "upload.bin"))
        result["local"] = local_figures(arguments.server, workdir, arguments.local_mib, arguments.repetitions)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
