#!/usr/bin/env bash
# Measures what the README reports for the kiosk: the release binary's size, cold start
# to the first frame on screen, and resident memory. Needs Xvfb, xdotool, xwd and
# ImageMagick (Debian: xvfb xdotool x11-apps imagemagick). The first frame is taken from
# outside: the time from exec until the window's header shows its blue on the X server.
set -euo pipefail
cd "$(dirname "$0")/.."
# --no-build measures the release binaries already in target/.
[ "${1:-}" = "--no-build" ] || cargo build --release --locked -p frontdesk-kiosk -p frontdesk-server >/dev/null
bin=target/release/frontdesk-kiosk
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=:97 SLINT_SCALE_FACTOR=1
Xvfb "$DISPLAY" -screen 0 1080x1920x24 >/dev/null 2>&1 &
sleep 1

first_frame() { # pid title → milliseconds until the window shows the header colour
  local pid=$1 title=$2 start=$3 win colour
  while kill -0 "$pid" 2>/dev/null; do
    win=$(xdotool search --name "$title" 2>/dev/null | head -1 || true)
    if [ -n "$win" ]; then
      colour=$(xwd -id "$win" -silent 2>/dev/null | convert xwd:- -crop 1x1+20+20 -format '%[hex:p{0,0}]' info:- 2>/dev/null || true)
      if [ "$colour" = "0B5CAD" ]; then echo $(( ($(date +%s%N) - start) / 1000000 )); return; fi
    fi
    sleep 0.01
  done
  echo "failed"
}
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$1/status"; }

echo "release binary: $(stat -c %s "$bin" | awk '{printf "%.1f MiB", $1 / 1048576}') ($bin)"

# A kiosk against a running server (the usual deployment).
target/release/frontdesk-server --demo --data-dir "$work/server" --listen 127.0.0.1:50097 >/dev/null 2>&1 &
sleep 1
for run in 1 2 3; do
  start=$(date +%s%N)
  "$bin" --data-dir "$work/server" --kiosk-dir "$work/kiosk" >/dev/null 2>&1 &
  pid=$!
  ms=$(first_frame "$pid" "Frontdesk kiosk" "$start")
  sleep 2
  echo "kiosk run $run: first frame after $ms ms; resident memory $(rss "$pid") after 2 s"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

# --standalone on an empty data directory (server, demo data and kiosk in one process).
start=$(date +%s%N)
"$bin" --standalone --data-dir "$work/standalone" --kiosk-dir "$work/kiosk2" >/dev/null 2>&1 &
pid=$!
ms=$(first_frame "$pid" "Frontdesk kiosk" "$start")
sleep 2
echo "standalone (empty database, demo seeded): first frame after $ms ms; resident memory $(rss "$pid") after 2 s"
kill "$pid"; wait "$pid" 2>/dev/null || true
