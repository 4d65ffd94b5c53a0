#!/usr/bin/env python3
"""SigV4 oracle: signs a batch of requests with botocore, for differential tests of AWSSigning.

Reads one JSON document on stdin: {"cases": [CASE, ...]} where CASE is
  {"id": str, "mode": "headers" | "presign", "service": "s3" | "sqs" | ..., "region": str,
   "access_key": str, "secret_key": str, "token": str | null,
   "method": str, "url": str, "headers": [[name, value], ...],
   "body_hex": str,            # the body (headers mode); "" for none
   "unsigned": bool,           # headers mode: UNSIGNED-PAYLOAD
   "expires": int,             # presign mode
   "epoch": int}               # signing time, Unix seconds
and writes {"results": [RESULT, ...]} in the same order, RESULT being
  {"id": str, "headers": [[name, value], ...]} (headers mode) or {"id": str, "url": str}
  (presign mode), plus "canonical_request" and "string_to_sign" for diagnosis, or
  {"id": str, "error": str}.

S3 services use S3SigV4Auth / S3SigV4QueryAuth; every other service SigV4Auth / SigV4QueryAuth.
Nothing here is logged: the batch holds test credentials only.
"""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def sign(case):
    when = datetime.datetime.fromtimestamp(case["epoch"], datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda *args, **kwargs: when
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    is_s3 = case["service"].startswith("s3")
    if case["mode"] == "presign":
        cls = botocore.auth.S3SigV4QueryAuth if is_s3 else botocore.auth.SigV4QueryAuth
        auth = cls(credentials, case["service"], case["region"], expires=case["expires"])
    else:
        cls = botocore.auth.S3SigV4Auth if is_s3 else botocore.auth.SigV4Auth
        auth = cls(credentials, case["service"], case["region"])

    stages = {}
    original_sts = auth.string_to_sign

    def string_to_sign(request, canonical_request):
        stages["canonical_request"] = canonical_request
        stages["string_to_sign"] = original_sts(request, canonical_request)
        return stages["string_to_sign"]

    auth.string_to_sign = string_to_sign

    request = AWSRequest(method=case["method"], url=case["url"])
    for name, value in case["headers"]:
        request.headers[name] = value
    body = bytes.fromhex(case.get("body_hex") or "")
    if body:
        request.data = body
    if case.get("unsigned"):
        if is_s3:
            request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
        else:
            request.context["payload_signing_enabled"] = False
    auth.add_auth(request)
    result = {"id": case["id"], **stages}
    if case["mode"] == "presign":
        result["url"] = request.url
    else:
        result["headers"] = [[name, value] for name, value in request.headers.items()]
    return result


def main():
    batch = json.load(sys.stdin)
    results = []
    for case in batch["cases"]:
        try:
            results.append(sign(case))
        except Exception as error:  # reported per case, so one bad case does not hide the rest
            results.append({"id": case.get("id"), "error": f"{type(error).__name__}: {error}"})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
