"""The pyzmq peer: blocking send/recv loops, pyzmq's plain idiom.

    peer.py <role> <endpoint> <size> <count> [subscribers]

Same roles and JSON lines as the other peers (described in bench/node/common.mts); push
and pub wait for stdin to close before they close their socket.
inproc: a PUSH thread and a PULL thread sharing one Context.
"""
import json
import sys
import threading
import time

import zmq


def ready(sock):
    print(json.dumps({"ready": sock.getsockopt_string(zmq.LAST_ENDPOINT)}), flush=True)


def report(n, start, end):
    print(json.dumps({"n": n, "start": str(start), "end": str(end)}), flush=True)


def send(sock, size, count):
    message = b"x" * size
    for _ in range(count):
        sock.send(message)


def receive(sock, size, count):
    first = sock.recv()
    start = time.monotonic_ns()  # CLOCK_MONOTONIC, as the other peers read it
    if len(first) != size:
        raise SystemExit(f"message 0 has {len(first)} bytes, not {size}")
    for i in range(1, count):
        message = sock.recv()
        if len(message) != size:
            raise SystemExit(f"message {i} has {len(message)} bytes, not {size}")
    report(count - 1, start, time.monotonic_ns())


def until_stdin_closes():
    sys.stdin.read()


def push(ctx, endpoint, size, count, _subscribers, wait=True):
    sock = ctx.socket(zmq.PUSH)
    sock.connect(endpoint)
    send(sock, size, count)
    if wait:
        until_stdin_closes()
    sock.close()


def pull(ctx, endpoint, size, count, _subscribers):
    sock = ctx.socket(zmq.PULL)
    sock.bind(endpoint)
    ready(sock)
    receive(sock, size, count)
    sock.close()


def inproc(ctx, endpoint, size, count, _subscribers):
    sock = ctx.socket(zmq.PULL)
    sock.bind(endpoint)
    sender = threading.Thread(target=push, args=(ctx, endpoint, size, count, 0, False))
    sender.start()
    receive(sock, size, count)
    sock.close()
    sender.join()


def rep(ctx, endpoint, _size, count, _subscribers):
    sock = ctx.socket(zmq.REP)
    sock.bind(endpoint)
    ready(sock)
    for _ in range(count):
        sock.send(sock.recv())
    sock.close()


def req(ctx, endpoint, size, count, _subscribers):
    sock = ctx.socket(zmq.REQ)
    sock.connect(endpoint)
    message = b"x" * size
    sock.send(message)  # the first round trip waits for the connection: not timed
    sock.recv()
    start = time.monotonic_ns()
    for _ in range(1, count):
        sock.send(message)
        if len(sock.recv()) != size:
            raise SystemExit("reply of the wrong size")
    report(count - 1, start, time.monotonic_ns())
    sock.close()


def pub(ctx, endpoint, size, count, subscribers):
    # An XPUB, so it can wait until every subscriber has subscribed; NODROP makes a full
    # subscriber push back (send blocks) instead of losing messages.
    sock = ctx.socket(zmq.XPUB)
    sock.setsockopt(zmq.XPUB_VERBOSE, 1)
    sock.setsockopt(zmq.XPUB_NODROP, 1)
    sock.bind(endpoint)
    ready(sock)
    for _ in range(subscribers):
        sock.recv()
    send(sock, size, count)
    until_stdin_closes()
    sock.close()


def sub(ctx, endpoint, size, count, _subscribers):
    sock = ctx.socket(zmq.SUB)
    sock.setsockopt(zmq.SUBSCRIBE, b"")
    sock.connect(endpoint)
    receive(sock, size, count)
    sock.close()


ROLES = {f.__name__: f for f in (push, pull, inproc, rep, req, pub, sub)}

if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[1] not in ROLES:
        raise SystemExit(f"usage: peer.py <{'|'.join(ROLES)}> <endpoint> <size> <count> [subscribers]")
    role, endpoint, size, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    subscribers = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    context = zmq.Context()
    ROLES[role](context, endpoint, size, count, subscribers)
    context.term()
