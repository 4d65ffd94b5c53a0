#!/usr/bin/env python3
"""A fake EC2 instance metadata (IMDSv2) and container credentials endpoint for tests.

Listens on 127.0.0.1 on a free port, prints the port on its first stdout line, and serves until
stdin closes (so it dies with the test process). IMDSv2: PUT /latest/api/token needs the TTL
header; the metadata GETs need the token. Container: GET /container-creds needs
Authorization: container-secret. Credentials are fake test values.
"""
import http.server
import json
import sys
import threading

TOKEN = "imds-session-token"
CREDENTIALS = json.dumps({
    "Code": "Success",
    "AccessKeyId": "ASIAFAKEIMDS",
    "SecretAccessKey": "fake-secret",
    "Token": "fake-session-token",
    "Expiration": "2030-01-01T00:00:00Z",
}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, TOKEN.encode())
        self.reply(400)

    def do_GET(self):
        if self.path == "/container-creds":
            if self.headers.get("Authorization") == "container-secret":
                return self.reply(200, CREDENTIALS)
            return self.reply(403)
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.reply(401)
        if self.path == "/latest/meta-data/iam/security-credentials/":
            return self.reply(200, b"attache-role\n")
        if self.path == "/latest/meta-data/iam/security-credentials/attache-role":
            return self.reply(200, CREDENTIALS)
        self.reply(404)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
