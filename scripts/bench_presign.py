#!/usr/bin/env python3
"""Times presigning an S3 PUT URL (content-type and content-length signed) in Python, for scripts/bench.

Measures boto3's `generate_presigned_url` (SigV4, `s3v4`) and bare botocore `S3SigV4QueryAuth`
per URL, prints JSON: {"boto3_ns": ..., "botocore_ns": ..., "boto3_version": ..., "python": ...}.
Each figure is the median of 60 batches of N URLs (default 200; botocore 2N) after a warm-up.
Credentials are AWS's example keys.
"""
import json
import statistics
import sys
import time

import boto3
import botocore
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
BUCKET = "attache-quarantine"
KEY = "uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7"
URL = f"https://{BUCKET}.s3.us-east-1.amazonaws.com/{KEY}"


def per_call_ns(function, count, runs=60):
    """The p50 over `runs` batches of `count` calls of the time per call (as package-benchmark
    reports the Swift side: the median batch, so a batch slowed by other processes counts once)."""
    for _ in range(min(count * 2, 500)):
        function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        for _ in range(count):
            function()
        samples.append((time.perf_counter_ns() - start) / count)
    return statistics.median(samples)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    client = boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4"),
    )
    params = {"Bucket": BUCKET, "Key": KEY, "ContentType": "application/pdf", "ContentLength": 5242880}
    url = client.generate_presigned_url("put_object", Params=params, ExpiresIn=900)
    assert "X-Amz-Signature=" in url and "content-length%3Bcontent-type%3Bhost" in url, "not a SigV4 URL"

    def boto3_presign():
        client.generate_presigned_url("put_object", Params=params, ExpiresIn=900)

    credentials = Credentials(KEY_ID, SECRET)

    def botocore_presign():
        request = AWSRequest(method="PUT", url=URL)
        request.headers["content-type"] = "application/pdf"
        request.headers["content-length"] = "5242880"
        S3SigV4QueryAuth(credentials, "s3", "us-east-1", expires=900).add_auth(request)

    result = {
        "boto3_ns": per_call_ns(boto3_presign, count),
        "botocore_ns": per_call_ns(botocore_presign, count * 2),
        "boto3_version": boto3.__version__,
        "botocore_version": botocore.__version__,
        "python": sys.version.split()[0],
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
