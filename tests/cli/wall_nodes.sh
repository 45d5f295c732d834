#!/usr/bin/env bash
# A 2×2 wall of render-node processes on loopback, headless, following one
# conductor that reads a live feed at 1,000 events/s.
#  1. Lockstep: over 300 frames every node reports, for every frame it drew,
#     the conductor's (frame, clock, store changes applied, store digest);
#     each node's state dump equals the conductor's.
#  The wall's messages are encrypted with a key made for the run.
#  2. Faults: a node killed with kill -9 does not stop the others; restarted,
#     it rejoins and matches again; the conductor stopped, the nodes say
#     "conductor lost", and follow a new conductor when one comes back.
set -eu
bin="$1"; sim="$2"; src="$3"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $1"; for f in "$tmp"/*.log; do echo "--- $f"; tail -n 8 "$f"; done; exit 1; }
cd "$tmp"

# The test's wall: the committed layout on a port of its own, encrypted
# with a wall key of its own (every message of the run goes through CURVE).
port=$(python3 "$src/tests/cli/free_port.py") || fail "no free port"
"$bin" --wall-keygen wall.key >/dev/null || fail "no wall key"
sed -e "s#\"\.\./\.\./data/#\"$src/data/#g" \
    -e "s#^conductor = .*#conductor = \"127.0.0.1:$port\"\nkey_file = \"wall.key\"#" "$src/tests/data/wall_2x2.toml" >wall.toml
grep -q '^key_file = "wall.key"' wall.toml || fail "the test's wall has no key"
common=(--config wall.toml --camera 121.4990,31.2390,2600,30,55)
nodes=(top-left top-right bottom-left bottom-right)

"$sim" --port 0 --rate 1000 --backlog 0 --seed 11 >sim.out 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q listening sim.out && break; sleep 0.1; done
feed="ws://127.0.0.1:$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' sim.out | head -n 1)"

start_node() {  # name, report file
  "$bin" "${common[@]}" --wall-node "$1" --wall-report "$2" --dump-state "$1.json" >>"$1.log" 2>&1 &
  pids+=($!)
  eval "pid_${1//-/_}=$!"
}
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
wait_for() {  # seconds, description, command…
  local limit=$1 what=$2; shift 2
  for _ in $(seq $((limit * 10))); do "$@" && return 0; sleep 0.1; done
  fail "$what (waited ${limit} s)"
}
# Every frame a node reported is one of the conductors' (same frame, clock,
# changes, digest: the first eight fields; the ninth and tenth say when it was presented).
agreed() { cut -d' ' -f1-8 "$@"; }
# A running conductor writes a frame's line just after giving the word to
# present it, so a node's newest line or two may not have their match yet:
# those are left out while a conductor runs (the lockstep part compares all).
in_step() {  # node report, conductor reports…
  local node=$1; shift
  ! grep -vxF -f <(agreed "$@") <(agreed "$node" | head -n -2) >/dev/null
}
agreeing() { grep -cxF -f <(agreed "$1") <(agreed "$2") || true; }  # frames of conductor report $1 in node report $2

# 1. Lockstep.
for n in "${nodes[@]}"; do start_node "$n" "$n.txt"; done
wait_for 60 "the nodes did not start" bash -c 'for n in top-left top-right bottom-left bottom-right; do grep -q following $n.log || exit 1; done'
"$bin" "${common[@]}" --headless --wall-conductor --feed "$feed" --no-journal --no-ui --size 160x90 --frames 300 \
  --wall-report conductor.txt --dump-state conductor.json >conductor.log 2>&1 || fail "the conductor failed"
grep -q "encrypted (only the wall key's holders join)" conductor.log || fail "the conductor did not encrypt"
for n in "${nodes[@]}"; do kill -TERM "$(eval echo "\$pid_${n//-/_}")"; done
for n in "${nodes[@]}"; do wait "$(eval echo "\$pid_${n//-/_}")" || fail "node $n did not finish cleanly"; done
[ "$(lines conductor.txt)" = 300 ] || fail "the conductor published $(lines conductor.txt) frames, not 300"
grep -q "0 messages refused" conductor.log || fail "the conductor refused messages"
for n in "${nodes[@]}"; do
  ! grep -vxF -f <(agreed conductor.txt) <(agreed "$n.txt") >/dev/null || fail "node $n drew a frame unlike the conductor's: $(grep -vxF -f <(agreed conductor.txt) <(agreed "$n.txt") | head -n 1)"
  [ "$(lines "$n.txt")" -ge 200 ] || fail "node $n drew only $(lines "$n.txt") of 300 frames"
  python3 - "$n.json" conductor.json <<'PY' || fail "node $n's state dump differs from the conductor's"
import json, sys
node, conductor = (json.load(open(p)) for p in sys.argv[1:])
# The conductor's dump lists the wall's nodes, each in step at the end.
wall = conductor.pop("wall")
assert [n["name"] for n in wall["nodes"]] == ["top-left", "top-right", "bottom-left", "bottom-right"], wall
assert all(n["in_step"] and n["connected"] for n in wall["nodes"]), wall
# What only the conductor has (its feeds and their queue), and each
# process's memory and its heap trimmer's work (a look every 30 s: one
# process may have looked once more than another by the time it wrote).
for d in (node, conductor):
    for k in ("events_received", "feeds", "queue", "process", "heap_trims"): d.pop(k, None)
if node != conductor:
    for k in conductor:
        if node.get(k) != conductor.get(k): print("differs:", k)
    sys.exit(1)
PY
done
echo "lockstep: 4 nodes, 300 frames, every frame drawn as the conductor published it; dumps equal"

# 2. Faults, on a slower feed.
rm -f ./*.txt ./*.json
kill -9 "${pids[0]}"
"$sim" --port 0 --rate 100 --backlog 0 --seed 12 >sim2.out 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q listening sim2.out && break; sleep 0.1; done
feed="ws://127.0.0.1:$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' sim2.out | head -n 1)"
start_conductor() {  # report file, seconds
  "$bin" "${common[@]}" --headless --wall-conductor --feed "$feed" --no-journal --no-ui --size 160x90 --run-for "$2" \
    --wall-report "$1" >>conductor.log 2>&1 &
  pids+=($!)
  conductor_pid=$!
}
start_node top-left a.txt
start_node top-right b.txt
start_conductor c1.txt 300
wait_for 60 "node top-right never drew 30 frames" bash -c '[ -f b.txt ] && [ $(wc -l <b.txt) -ge 30 ]'
kill -9 "$pid_top_right"
before=$(lines c1.txt); a_before=$(lines a.txt)
sleep 2
[ $(($(lines c1.txt) - before)) -ge 4 ] || fail "the wall stalled after a node was killed ($before → $(lines c1.txt) frames in 2 s)"
[ $(($(lines a.txt) - a_before)) -ge 4 ] || fail "node top-left stalled after its neighbour was killed"
rejoin_start=$(date +%s%3N)
start_node top-right b2.txt
wait_for 60 "the restarted node did not rejoin" bash -c '[ -f b2.txt ] && [ $(wc -l <b2.txt) -ge 10 ]'
echo "a killed node restarted and drew 10 frames in step $(( $(date +%s%3N) - rejoin_start )) ms after its start"
# What a failure shows: the node's first frame without its match, and the conductor's newest.
unmatched() { echo "$(grep -vxF -f <(agreed c1.txt c2.txt 2>/dev/null) <(agreed "$1" | head -n -2) | head -n 1) (conductor at: $(tail -n 1 c1.txt))"; }
in_step b2.txt c1.txt || fail "the restarted node is not in step: $(unmatched b2.txt)"
in_step a.txt c1.txt || fail "node top-left fell out of step: $(unmatched a.txt)"
kill -TERM "$conductor_pid"; wait "$conductor_pid" || true
wait_for 20 "the nodes did not notice the conductor had gone" bash -c 'grep -q "conductor lost" top-left.log && grep -c "conductor lost" top-right.log >/dev/null'
start_conductor c2.txt 300
followed_new() { [ -f c2.txt ] && [ "$(agreeing c2.txt a.txt)" -ge 10 ] && [ "$(agreeing c2.txt b2.txt)" -ge 10 ]; }
wait_for 60 "the nodes did not follow the new conductor" followed_new
in_step a.txt c1.txt c2.txt || fail "node top-left drew a frame neither conductor published"
in_step b2.txt c1.txt c2.txt || fail "node top-right drew a frame neither conductor published"
grep -q "conductor back" top-left.log || fail "node top-left did not say the conductor was back"
echo "faults: a node killed and restarted rejoined in step; the nodes followed a restarted conductor"
