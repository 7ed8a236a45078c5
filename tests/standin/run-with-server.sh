#!/usr/bin/env bash
# run-with-server.sh [server options] -- CMD ARGS...
#
# Starts the stand-in Kubernetes API server (apiserver.py) on a free loopback
# port, waits until it listens, runs CMD with these variables exported:
#   STANDIN_DIR   state directory (certificates, kubeconfig, token, logs)
#   STANDIN_URL   https://127.0.0.1:PORT
#   STANDIN_PORT  PORT
#   KUBECONFIG    $STANDIN_DIR/kubeconfig (context "standin", namespace demo)
# then stops the server and exits with CMD's status.
#
# STANDIN_DIR set on entry: use (and keep) that directory; otherwise a temporary
# one is made and removed afterwards (STANDIN_KEEP=1 keeps it).
# STANDIN_PYTHON picks the interpreter (default python3).
# Server options are passed to apiserver.py, e.g.
#   run-with-server.sh --fixtures fixtures/sample.json --latency-ms 50 -- make check

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
me=$(basename "$0")

server_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    server_args+=("$1")
    shift
done
if [ $# -lt 2 ] || [ "$1" != "--" ]; then
    echo "usage: $me [server options] -- CMD [ARGS...]" >&2
    exit 2
fi
shift

if [ -n "${STANDIN_DIR:-}" ]; then
    dir=$STANDIN_DIR
    mkdir -p "$dir" || exit 1
    dir=$(cd "$dir" && pwd)
    owned=0
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/standin.XXXXXX") || exit 1
    owned=1
fi

server_pid=
cmd_pid=
server_log="$dir/server.log"

stop_server() {
    [ -n "$server_pid" ] || return 0
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null
        # give it 5 s to shut down cleanly, polling every 50 ms
        local i=0
        while kill -0 "$server_pid" 2>/dev/null && [ "$i" -lt 100 ]; do
            sleep 0.05
            i=$((i + 1))
        done
        kill -KILL "$server_pid" 2>/dev/null
    fi
    wait "$server_pid" 2>/dev/null
    server_pid=
    if [ -s "$server_log" ]; then
        sed "s/^/$me: server: /" "$server_log" >&2
        : >"$server_log"
    fi
}

cleanup() {
    stop_server
    if [ "$owned" = 1 ] && [ "${STANDIN_KEEP:-0}" != 1 ]; then
        rm -rf "$dir"
    fi
}

on_signal() {
    local sig=$1 code=$2
    trap - EXIT INT TERM HUP
    [ -n "$cmd_pid" ] && kill -"$sig" "$cmd_pid" 2>/dev/null
    [ -n "$cmd_pid" ] && wait "$cmd_pid" 2>/dev/null
    cleanup
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

rm -f "$dir/port" "$dir/url"
# STANDIN_PYTHON may add interpreter options, e.g. "python3 -X dev -W error"
${STANDIN_PYTHON:-python3} "$here/apiserver.py" --dir "$dir" --port 0 "${server_args[@]}" >"$server_log" 2>&1 &
server_pid=$!

# wait for the port file: poll every 50 ms, give up after 10 s
port=
i=0
while [ $i -lt 200 ]; do
    if [ -s "$dir/port" ]; then
        port=$(cat "$dir/port")
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid" 2>/dev/null
        echo "$me: the stand-in API server exited before it was listening (exit $?):" >&2
        sed 's/^/  /' "$server_log" >&2
        : >"$server_log"
        server_pid=
        exit 1
    fi
    sleep 0.05
    i=$((i + 1))
done
if [ -z "$port" ]; then
    echo "$me: the stand-in API server did not listen within 10 s (state dir $dir)" >&2
    exit 1
fi

export STANDIN_DIR="$dir"
export STANDIN_PORT="$port"
if [ -s "$dir/url" ]; then
    STANDIN_URL=$(cat "$dir/url")
else
    STANDIN_URL="https://127.0.0.1:$port"
fi
export STANDIN_URL
export KUBECONFIG="$dir/kubeconfig"

# In the background with stdin passed on explicitly, so that a signal to this
# script is handled at once (bash runs traps only between foreground commands).
"$@" <&0 &
cmd_pid=$!
wait "$cmd_pid"
rc=$?
cmd_pid=
exit "$rc"
