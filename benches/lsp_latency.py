#!/usr/bin/env python3
"""Time `ropa lsp` end to end: a one-character edit sent as didChange, until
the changed file's new diagnostics arrive (publishDiagnostics).

    cargo build --release
    cargo run --release --example generate -- 10000 /tmp/model10k
    python3 benches/lsp_latency.py target/release/ropa /tmp/model10k 30

The edit alternates between a typo in a category (`contact.emai`, E004
appears) and the fix (E004 disappears), so every round changes the file's
diagnostics. Prints the minimum, median and maximum over the rounds.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read(out):
    length = None
    while True:
        line = out.readline()
        if not line:
            raise EOFError("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def main():
    binary, root, rounds = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".ropa")
    )
    path = files[len(files) // 2]
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    typo = text.replace("contact.email", "contact.emai", 1)
    assert typo != text

    server = subprocess.Popen(
        [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root
    )
    send = lambda m: (server.stdin.write(frame(m)), server.stdin.flush())

    def wait(pred):
        while True:
            msg = read(server.stdout)
            if pred(msg):
                return msg

    start = time.perf_counter()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "ropa", "version": 1, "text": text}}})
    is_ours = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    wait(is_ours)
    print(f"startup (load, parse and check {len(files)} files): {time.perf_counter() - start:.3f} s")

    times = []
    for i in range(rounds):
        new = typo if i % 2 == 0 else text
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": i + 2},
                         "contentChanges": [{"text": new}]}})
        msg = wait(is_ours)
        times.append((time.perf_counter() - t0) * 1000)
        has_e004 = any(d.get("code") == "E004" for d in msg["params"]["diagnostics"])
        assert has_e004 == (new is typo), "the diagnostics follow the edit"
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait(lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)
    times.sort()
    print(f"didChange -> publishDiagnostics over {rounds} edits: "
          f"min {times[0]:.1f} ms, median {statistics.median(times):.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
