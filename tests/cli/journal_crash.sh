#!/usr/bin/env bash
# The journal survives kill -9: a wall records a live feed and is killed at
# random moments, N times; every time the journal verifies whole, replays,
# and has lost at most the last second before the kill.
#
# The writer commits a chunk every 250 ms, so a second is four chunks of
# slack; a machine that stalls for a second now and then (CI once took 1088
# ms) is told apart from a writer that stopped committing by allowing one
# slow run in N, reported with what the journal held. A writer that commits
# late fails most runs.
set -eu
bin="$1"; journal="$2"; sim="$3"; runs="${4:-20}"
tmp=$(mktemp -d)
sim_out="$tmp/sim"
cleanup() { [ -n "${sim_pid:-}" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $1"; exit 1; }

"$sim" --port 0 --rate 2000 --batch 5 >"$sim_out" 2>/dev/null &
sim_pid=$!
for _ in $(seq 50); do grep -q listening "$sim_out" && break; sleep 0.1; done
port=$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' "$sim_out" | head -n 1)
[ -n "$port" ] || fail "feed-sim did not start"

slow=0 exported=0
slow_run() {  # one is the machine's; a second is the journal's
  slow=$((slow + 1))
  echo "run $run: slow: $1; the journal held:"; "$journal" info "$dir" | sed 's/^/  /'; sed 's/^/  wall: /' "$tmp/log"
  [ "$slow" -le 1 ] || fail "run $run: $1 (the second slow run of $runs)"
}
for run in $(seq "$runs"); do
  dir="$tmp/journal-$run"
  "$bin" --headless --camera 121.49,31.24,3000,0,40 --feed "ws://127.0.0.1:$port" --journal "$dir" \
    --run-for 60 --size 64x64 >"$tmp/log" 2>&1 &
  pid=$!
  # Somewhere between 0.8 and 2.3 s in, while chunks are being written.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.8 + (r % 1500) / 1000 }')"
  killed_ms=$(date +%s%3N)
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  "$journal" verify "$dir" >"$tmp/verify" 2>&1 || { cat "$tmp/verify"; fail "run $run: the journal does not verify after kill -9"; }
  if ! read -r _ first last < <(grep '^span_ms:' <("$journal" info "$dir")); then
    slow_run "the journal is empty"; continue
  fi
  if [ $((killed_ms - last)) -gt 1000 ]; then
    slow_run "the last record is $((killed_ms - last)) ms before the kill"
  fi
  "$bin" --headless --camera 121.49,31.24,3000,0,40 --replay "$dir" --dump-state "$tmp/state.json" >"$tmp/replay" 2>&1 ||
    { cat "$tmp/replay"; fail "run $run: the journal does not replay"; }
  grep -q '"events_applied":[1-9]' "$tmp/state.json" || fail "run $run: the replay applied nothing"
  if [ "$exported" = 0 ]; then  # keyframes this build restores; the same journal as frames for an after-action report
    "$journal" info "$dir" | grep -Eq '^keyframes: [1-9][0-9]* \(this build restores [1-9][0-9]* whole' ||
      { "$journal" info "$dir"; fail "run $run: info shows no restorable keyframe"; }
    "$bin" --headless --camera 121.49,31.24,3000,0,40 --replay "$dir" --export-frames "$tmp/frames" --fps 4 --size 96x64 \
      >"$tmp/export" 2>&1 || { cat "$tmp/export"; fail "the journal does not export as frames"; }
    n=$(ls "$tmp/frames" | grep -c '^frame-.*\.png$' || true)
    [ "$n" -ge 2 ] || fail "--export-frames wrote $n frames"
    echo "exported $n frames"
    exported=1
    # With Debian's ffmpeg (scripts/test.sh installs it), the frames are an MP4 too.
    if command -v ffprobe >/dev/null 2>&1; then
      [ -s "$tmp/frames/replay.mp4" ] || { cat "$tmp/export"; fail "ffmpeg is installed but no replay.mp4 was written"; }
      probe=$(ffprobe -v error -select_streams v:0 -count_frames \
        -show_entries stream=codec_name,pix_fmt,width,height,nb_read_frames -of csv=p=0 "$tmp/frames/replay.mp4")
      [ "$probe" = "h264,96,64,yuv420p,$n" ] || fail "replay.mp4 is '$probe', not h264,96,64,yuv420p,$n"
      echo "replay.mp4: $probe"
    elif [ "${CITYWALL_TEST_DEPS:-0}" = 1 ]; then
      fail "ffmpeg should have been installed by the test command"
    else
      echo "skipped: the MP4 check (no ffmpeg on this machine)"
    fi
  fi
  echo "run $run: killed $(( killed_ms - first )) ms after the first record; the last is $((killed_ms - last)) ms before the kill; verified and replayed"
done
echo "ok: $runs kill -9 runs ($slow slow)"
