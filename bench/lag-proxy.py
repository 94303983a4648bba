#!/usr/bin/env python3
"""An HTTP proxy in front of moto_server that makes CloudFormation take the time it takes on AWS.

moto computes a change set inside CreateChangeSet and finishes a stack operation inside
ExecuteChangeSet. Through this proxy:
  - DescribeChangeSet says CREATE_PENDING, then CREATE_IN_PROGRESS (execution UNAVAILABLE) until
    CS seconds after the CreateChangeSet call;
  - DescribeStacks says *_IN_PROGRESS instead of *_COMPLETE / *_FAILED, and DescribeStackEvents shows
    only the stack's own *_IN_PROGRESS event of the operation, until S seconds after the
    ExecuteChangeSet call: a silent stretch, as a table or a distribution gives on AWS.
Everything else passes through unchanged (moto does not check signatures).

Each ExecuteChangeSet appends "EXECUTE_EPOCH FINISH_EPOCH" (seconds) to the --log file, so a
benchmark can measure the time from FINISH_EPOCH (the instant CloudFormation "finished") to the tool
saying so. It also counts the calls by action in the same file: "before ACTION N" lines at the
ExecuteChangeSet, "total ACTION N" lines on SIGTERM.

    lag-proxy.py --target http://127.0.0.1:PORT --port 0 --change-set-seconds CS --stack-seconds S \
                 --log FILE --port-file FILE
Python 3 standard library only. Listens on 127.0.0.1.
"""
import argparse
import http.client
import http.server
import re
import signal
import socketserver
import sys
import threading
import time
import urllib.parse
from collections import Counter
from datetime import datetime

HOP_BY_HOP = {"host", "content-length", "connection", "keep-alive", "proxy-connection", "te", "trailer",
              "transfer-encoding", "upgrade", "expect"}


class State:
    def __init__(self, cs, s, log):
        self.cs = cs
        self.s = s
        self.log = log
        self.lock = threading.Lock()
        self.created = None   # epoch seconds of the last CreateChangeSet
        self.executed = None  # epoch seconds of the last ExecuteChangeSet
        self.calls = Counter()

    def write(self, line):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def dump_calls(self, prefix):
        with self.lock:
            items = sorted(self.calls.items())
        for action, n in items:
            self.write(f"{prefix} {action} {n}")


def parse_ts(text):
    # moto writes 2026-01-01T00:00:00.123456+00:00 or ...Z
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def hold_change_set(body, since):
    status = "CREATE_PENDING" if since < 1.0 else "CREATE_IN_PROGRESS"
    body = body.replace("<Status>CREATE_COMPLETE</Status>", f"<Status>{status}</Status>")
    return body.replace("<ExecutionStatus>AVAILABLE</ExecutionStatus>", "<ExecutionStatus>UNAVAILABLE</ExecutionStatus>")


def hold_stacks(body):
    # UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE, ... all read as still going.
    return re.sub(r"<StackStatus>([A-Z_]+?)_(COMPLETE|FAILED)(_CLEANUP_IN_PROGRESS)?</StackStatus>",
                  lambda m: f"<StackStatus>{m.group(1)}_IN_PROGRESS</StackStatus>", body)


MEMBER = re.compile(r"<member>.*?</member>", re.S)


def field(member, name):
    m = re.search(rf"<{name}>(.*?)</{name}>", member, re.S)
    return m.group(1) if m else None


def hold_events(body, executed):
    """Drops the operation's events but the stack's own *_IN_PROGRESS ones (its first)."""
    def keep(m):
        member = m.group(0)
        ts = field(member, "Timestamp")
        if ts is None or parse_ts(ts) < executed - 1.0:
            return member
        status = field(member, "ResourceStatus") or ""
        is_stack = field(member, "ResourceType") == "AWS::CloudFormation::Stack" \
            and field(member, "PhysicalResourceId") == field(member, "StackId")
        return member if is_stack and status.endswith("_IN_PROGRESS") and "CLEANUP" not in status else ""
    return MEMBER.sub(keep, body)


def make_handler(state, target):
    host = target.hostname
    port = target.port

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            text = body.decode("utf-8", "replace")
            action = urllib.parse.parse_qs(text).get("Action", [None])[0] if "Action=" in text else None
            now = time.time()
            if action:
                with state.lock:
                    state.calls[action] += 1
            conn = http.client.HTTPConnection(host, port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            conn.request(self.command, self.path, body=body if body else None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            if action == "CreateChangeSet" and resp.status == 200:
                state.created = now
            elif action == "ExecuteChangeSet" and resp.status == 200:
                state.executed = now
                state.write(f"{now:.3f} {now + state.s:.3f}")
                state.dump_calls("before")
            elif action == "DescribeChangeSet" and state.created is not None and now - state.created < state.cs:
                data = hold_change_set(data.decode("utf-8"), now - state.created).encode("utf-8")
            elif state.executed is not None and now - state.executed < state.s:
                if action == "DescribeStacks":
                    data = hold_stacks(data.decode("utf-8")).encode("utf-8")
                elif action == "DescribeStackEvents":
                    data = hold_events(data.decode("utf-8"), state.executed).encode("utf-8")
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in HOP_BY_HOP:
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--change-set-seconds", type=float, required=True)
    p.add_argument("--stack-seconds", type=float, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port-file", required=True)
    a = p.parse_args()
    state = State(a.change_set_seconds, a.stack_seconds, a.log)
    server = Server(("127.0.0.1", a.port), make_handler(state, urllib.parse.urlparse(a.target)))

    def stop(*_):
        state.dump_calls("total")
        threading.Thread(target=server.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    with open(a.port_file, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
