#!/usr/bin/env python3
"""Upload-complete → clean latency of a 50 MiB file vs a minimal boto3 + socket script (scripts/bench).

    bench_scan_latency.py --server PATH [--repetitions 5] [--size-mib 50]

Starts moto's server, a private clamd (test signatures only, as scripts/test) and
GatewayBenchServer in production mode (S3 quarantine and clean buckets in moto, the quarantine
bucket's ObjectCreated events to SQS, clamd). Each repetition, alternately:

- gateway: a guest asks for a ticket (multipart, 8 MiB parts), PUTs the parts to the presigned
  URLs (not timed), then calls `POST /v1/uploads/{id}/complete` and follows
  `GET /v1/uploads/{id}/events` (server-sent events, opened before complete) until `clean`. Timed: complete answered → clean observed
  (the object is whole in quarantine when complete answers), and complete sent → clean.
  Afterwards it checks the object is in the clean bucket and gone from quarantine.
- reference: the same bytes are put into another quarantine bucket (not timed); timed: boto3
  `get_object` streamed in 256 KiB chunks into clamd `INSTREAM` over a socket, reply checked,
  `copy_object` to another clean bucket, `delete_object` from quarantine.

Prints one JSON object with every repetition and the medians (after one untimed warm-up of each).
"""

import argparse
import hashlib
import http.client
import json
import os
import shutil
import socket
import statistics
import struct
import sys
import tempfile
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import GatewayProcess  # noqa: E402
from bench_services import Clamd, Moto  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

CHUNK = 256 * 1024


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class StateEvents:
    """`GET /v1/uploads/{id}/events`: the upload's state events, one `next()` at a time."""

    def __init__(self, base_url, path, credential):
        parsed = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        self.connection.request("GET", path, headers={"Authorization": f"Bearer {credential}"})
        self.response = self.connection.getresponse()
        if self.response.status != 200:
            raise RuntimeError(f"events: HTTP {self.response.status}")

    def next(self):
        """The next `state` event's data (keep-alives and other lines skipped)."""
        while True:
            line = self.response.readline()
            if not line:
                raise RuntimeError("the event stream ended before a final state")
            if line.startswith(b"data: "):
                return json.loads(line[len(b"data: ") :])

    def close(self):
        self.connection.close()


def put(url, body):
    """PUT body to a presigned URL; returns the ETag."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
    try:
        path = parsed.path + ("?" + parsed.query if parsed.query else "")
        connection.request("PUT", path, body=body, headers={"Content-Length": str(len(body))})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"part PUT: HTTP {response.status}")
        return response.getheader("ETag")
    finally:
        connection.close()


def gateway_once(gateway, s3, buckets, data):
    credential = gateway.register_guests(1)[0]
    ticket = gateway.call(
        "POST", "/v1/uploads",
        {"filename": "scan-latency.txt", "size": len(data), "contentType": "text/plain"},
        credential=credential, expect=(201,),
    )
    upload = ticket["upload"]
    size = upload["partSize"]
    parts = []
    for part in upload["parts"]:
        number = part["partNumber"]
        etag = put(part["url"], data[(number - 1) * size : number * size])
        parts.append({"partNumber": number, "etag": etag})
    assert len(parts) == upload["partCount"], "the ticket carries every part URL"
    path = f"/v1/uploads/{ticket['fileId']}"
    # Follow the state as a guest UI does, through the server-sent events (no polling load on
    # the 2 shared cores); the stream is opened, and its first event read, before complete.
    events = StateEvents(gateway.base_url, path + "/events", credential)
    assert events.next()["state"] == "awaiting_upload"
    cpu_before = cpu_seconds(gateway.pid)
    sent = time.perf_counter()
    gateway.call("POST", path + "/complete", {"parts": parts}, credential=credential)
    answered = time.perf_counter()
    scanning = None
    while True:
        state = events.next()
        if state["state"] == "scanning" and scanning is None:
            scanning = time.perf_counter()
        if state["state"] in ("clean", "rejected", "expired"):
            break
    done = time.perf_counter()
    events.close()
    gateway_cpu = cpu_seconds(gateway.pid) - cpu_before
    if state["state"] != "clean":
        raise RuntimeError(f"the upload ended {state['state']}: {state.get('reason')}")
    listed = s3.list_objects_v2(Bucket=buckets["clean"])
    clean_keys = [item["Key"] for item in listed.get("Contents", [])]
    left = s3.list_objects_v2(Bucket=buckets["quarantine"]).get("KeyCount", 0)
    if len(clean_keys) != 1 or left != 0:
        raise RuntimeError(f"expected one clean object and an empty quarantine, got {clean_keys}, {left} left")
    for clean_key in clean_keys:
        s3.delete_object(Bucket=buckets["clean"], Key=clean_key)
    return {"complete_to_clean_s": done - sent, "answered_to_clean_s": done - answered,
            "complete_call_s": answered - sent,
            "gateway_cpu_s": gateway_cpu,
            # When the `scanning` event came: the S3 event's trip through SQS to the worker.
            "answered_to_scanning_s": None if scanning is None else scanning - answered}


def reference_once(s3, buckets, clamd_address, data):
    key = f"uploads/{uuid.uuid4().hex}"
    s3.put_object(Bucket=buckets["ref-quarantine"], Key=key, Body=data, ContentType="text/plain")
    start, cpu = time.perf_counter(), time.process_time()
    body = s3.get_object(Bucket=buckets["ref-quarantine"], Key=key)["Body"]
    with socket.create_connection(clamd_address) as sock:
        sock.sendall(b"zINSTREAM\0")
        for chunk in body.iter_chunks(CHUNK):
            sock.sendall(struct.pack(">I", len(chunk)) + chunk)
        sock.sendall(struct.pack(">I", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            piece = sock.recv(4096)
            if not piece:
                break
            reply += piece
    if not reply.rstrip(b"\0").endswith(b"OK"):
        raise RuntimeError(f"clamd: {reply!r}")
    s3.copy_object(
        Bucket=buckets["ref-clean"], Key=key, CopySource={"Bucket": buckets["ref-quarantine"], "Key": key}
    )
    s3.delete_object(Bucket=buckets["ref-quarantine"], Key=key)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    s3.delete_object(Bucket=buckets["ref-clean"], Key=key)
    return {"elapsed_s": elapsed, "cpu_s": cpu}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--repetitions", type=int, default=9)
    parser.add_argument("--size-mib", type=int, default=50)
    parser.add_argument("--gateway-log", help="copy the gateway's log here (its timestamps show each step)")
    arguments = parser.parse_args()

    # Text (hex digits): no magic bytes, declared text/plain, so the type check passes and
    # clamd scans every byte as it would a document.
    data = os.urandom(arguments.size_mib << 19).hex().encode("ascii")
    assert len(data) == arguments.size_mib << 20
    credentials = {"AWS_ACCESS_KEY_ID": "attache-bench", "AWS_SECRET_ACCESS_KEY": "attache-bench-secret"}
    with tempfile.TemporaryDirectory(prefix="attache-bench-scan.") as workdir, Moto(workdir) as moto, Clamd(
        workdir
    ) as clamd:
        session = boto3.session.Session(
            aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        )
        config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
        s3 = session.client("s3", endpoint_url=moto.endpoint, config=config)
        sqs = session.client("sqs", endpoint_url=moto.endpoint)
        suffix = uuid.uuid4().hex[:8]
        buckets = {name: f"bench-{name}-{suffix}" for name in ("quarantine", "clean", "ref-quarantine", "ref-clean")}
        for bucket in buckets.values():
            s3.create_bucket(Bucket=bucket)
        queue_url = sqs.create_queue(QueueName=f"bench-events-{suffix}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        s3.put_bucket_notification_configuration(
            Bucket=buckets["quarantine"],
            NotificationConfiguration={"QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]},
        )
        # moto sends a test event when notifications are configured; the worker skips it.
        settings = {
            "ATTACHE_STORE": "s3",
            "ATTACHE_QUARANTINE_BUCKET": buckets["quarantine"],
            "ATTACHE_CLEAN_BUCKET": buckets["clean"],
            "ATTACHE_QUEUE_URL": queue_url,
            "ATTACHE_CLAMD": f"tcp://{clamd.address[0]}:{clamd.address[1]}",
            "AWS_ENDPOINT_URL": moto.endpoint,
            "AWS_REGION": "us-east-1",
            "ATTACHE_LOG_LEVEL": "info",
            **credentials,
        }
        log_path = os.path.join(workdir, "gateway.log")
        with GatewayProcess(arguments.server, workdir, settings, log_path) as gateway:
            gateway_once(gateway, s3, buckets, data)
            reference_once(s3, buckets, clamd.address, data)
            gateway_runs, reference_runs = [], []
            for _ in range(arguments.repetitions):
                gateway_runs.append(gateway_once(gateway, s3, buckets, data))
                reference_runs.append(reference_once(s3, buckets, clamd.address, data))
        clamd_version = clamd.version()
        if arguments.gateway_log:
            shutil.copy(log_path, arguments.gateway_log)

    def median(runs, key):
        return statistics.median(run[key] for run in runs)

    answered = median(gateway_runs, "answered_to_clean_s")
    whole = median(gateway_runs, "complete_to_clean_s")
    reference = median(reference_runs, "elapsed_s")
    summary = {
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest()[:16],
        "repetitions": arguments.repetitions,
        "gateway_answered_to_clean_s": answered,
        "gateway_complete_to_clean_s": whole,
        "gateway_complete_call_s": median(gateway_runs, "complete_call_s"),
        "gateway_answered_to_scanning_s": statistics.median(
            [run["answered_to_scanning_s"] for run in gateway_runs if run["answered_to_scanning_s"] is not None] or [0]
        ),
        "reference_s": reference,
        "gateway_cpu_s": median(gateway_runs, "gateway_cpu_s"),
        "reference_cpu_s": median(reference_runs, "cpu_s"),
        "ratio": answered / reference,
        "ratio_including_complete_call": whole / reference,
        "gateway_runs": gateway_runs,
        "reference_runs": reference_runs,
        "clamd": clamd_version,
        "boto3": boto3.__version__,
        "chunk_bytes": CHUNK,
    }
    json.dump(summary, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
