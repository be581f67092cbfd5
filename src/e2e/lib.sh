# Shell helpers of the end-to-end checks (src/e2e, src/conformance): source it, do not run it.

# Print "FAIL: <message>" to stderr and end the script with exit 1.
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# A TCP port free on 127.0.0.1 right now.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# Wait until a Spring Boot application logs its start: wait_started <log> <pid> <what> [<pattern>, default "Started "].
# Fails, with the log's tail, when the process ends first or after 180 s.
wait_started() {
  for _ in $(seq 360); do
    grep -q "${4:-Started }" "$1" && return 0
    kill -0 "$2" 2>/dev/null || { tail -40 "$1"; fail "$3 did not start"; }
    sleep 0.5
  done
  tail -40 "$1"
  fail "$3 did not start within 180 s"
}
