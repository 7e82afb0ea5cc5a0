#!/bin/sh
# SPDX-License-Identifier: ISC
# test_record.sh: `tcpsim play --record FILE.cast`, end to end.  A
# headless recording of a lesson must play back with Debian's asciinema
# (`asciinema cat`, under script(1), which gives it the terminal it
# wants); its header must be asciicast v2 with the size asked for; its
# times must never go back, follow simulated time / speed (a run of D
# seconds at speed S ends its frames at D / S, then shows the end
# CAST_END_NS = 2 s, within a frame) and show each pause of the lesson 3 s; the same
# lesson renders to the same bytes; a failed play leaves no file and an
# earlier one as it was.  With tmux, an interactive play --record at
# 80x24 and 120x40 writes a cast of the terminal's size when q ends it.
# Prints cmocka-style totals.  Skipped (77) without asciinema or python3.
#
# Environment (set by make check): TCPSIM, SCENARIOS, HAVE_NCURSES.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}

if ! command -v asciinema >/dev/null 2>&1; then
	echo "test_record.sh: asciinema is not installed: skipped"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1 || ! command -v script >/dev/null 2>&1; then
	echo "test_record.sh: python3 or script(1) is missing: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-record-test.XXXXXX")
sock="tcpsimrecord-$$"
cleanup() {
	tmux -L "$sock" -f /dev/null kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
check() {
	name=$1
	shift
	echo "[ RUN      ] $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "[       OK ] $name"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $name"
	fi
}

# The header and times of cast $1: version 2, width $2, height $3, times
# never going back; prints the times, one a line, to $1.times.
cast_ok() {
	python3 - "$@" <<'PY'
import json, sys
path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")
assert lines[-1] == "", "no newline at the end"
h = json.loads(lines[0])
assert h["version"] == 2 and h["width"] == width and h["height"] == height, h
assert isinstance(h["timestamp"], int) and "TERM" in h["env"], h
times = []
for l in lines[1:-1]:
    t, kind, data = json.loads(l)
    assert kind == "o" and isinstance(data, str), l[:80]
    times.append(t)
assert times and times[0] >= 0, times[:3]
assert all(b >= a for a, b in zip(times, times[1:])), "time goes back"
with open(path + ".times", "w") as f:
    f.write("\n".join("%.6f" % t for t in times) + "\n")
PY
}

# asciinema cat plays every frame back without an error.
plays_back() {
	script -qec "asciinema cat '$1' >'$1.out' 2>'$1.err'" /dev/null \
		</dev/null >/dev/null 2>&1 || return 1
	[ -s "$1.out" ] && [ ! -s "$1.err" ]
}

# A run without a [lesson]: no pauses.
printf '[simulation]\nduration = 4s\n[link]\nrate = 10Mbit/s\n[flow bulk]\n' \
	>"$tmp/plain.ini"

headless_time_axis() {
	"$TCPSIM" play "$tmp/plain.ini" --headless --record "$tmp/p.cast" \
		--size 100x30 --speed 2 || return 1
	cast_ok "$tmp/p.cast" 100 30 && plays_back "$tmp/p.cast" || return 1
	grep -q "LIMITED BY" "$tmp/p.cast.out" || return 1
	# 4 s at 2x: the frames end at 2 s (within a frame of 1/30 s), the
	# end stays up 2 s more
	python3 - "$tmp/p.cast.times" <<'PY'
import sys
t = [float(x) for x in open(sys.argv[1])]
last_frame, end = t[-2], t[-1]
assert abs(last_frame - 4.0 / 2) <= 1.0 / 30 + 1e-6, last_frame
# the finished screen is drawn once more a frame later (unchanged, so
# not written): the end comes 2 s after that
assert 2.0 - 1e-6 <= end - last_frame <= 2.0 + 1.0 / 30 + 1e-6, (last_frame, end)
PY
}
check headless_time_axis headless_time_axis

headless_lesson_pauses() {
	"$TCPSIM" play "$SCENARIOS/bottleneck.ini" --headless --record \
		"$tmp/l.cast" --size 120x40 --speed 5 --set simulation.duration=3s ||
		return 1
	cast_ok "$tmp/l.cast" 120 40 && plays_back "$tmp/l.cast" || return 1
	# the question opens the lesson: the first screen stays 3 s
	python3 - "$tmp/l.cast.times" <<'PY'
import sys
t = [float(x) for x in open(sys.argv[1])]
gaps = [b - a for a, b in zip(t, t[1:])]
assert abs(gaps[0] - 3.0) < 1e-6, gaps[:3]
PY
}
check headless_lesson_pauses headless_lesson_pauses

same_bytes() {
	SOURCE_DATE_EPOCH=1700000000 "$TCPSIM" play "$tmp/plain.ini" \
		--headless --record "$tmp/a.cast" --speed 4 &&
		SOURCE_DATE_EPOCH=1700000000 "$TCPSIM" play "$tmp/plain.ini" \
			--headless --record "$tmp/b.cast" --speed 4 &&
		cmp -s "$tmp/a.cast" "$tmp/b.cast" &&
		head -n 1 "$tmp/a.cast" | grep -q '"timestamp": 1700000000,'
}
check headless_deterministic same_bytes

failures_write_nothing() {
	echo before >"$tmp/keep.cast"
	status=0
	"$TCPSIM" play "$tmp/plain.ini" --headless --record "$tmp/keep.cast" \
		--set link.rate=fast 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && [ "$(cat "$tmp/keep.cast")" = before ] ||
		return 1
	status=0
	"$TCPSIM" play "$tmp/plain.ini" --headless --record \
		"$tmp/no/such/dir/x.cast" 2>"$tmp/err" || status=$?
	[ "$status" -eq 1 ] && grep -q "cannot write" "$tmp/err" || return 1
	for bad in "--headless" "--headless --record $tmp/x.cast --size 10x5" \
		"--headless --record $tmp/x.cast --size wide" \
		"--record $tmp/x.cast --size 100x30"; do
		status=0
		# shellcheck disable=SC2086
		"$TCPSIM" play "$tmp/plain.ini" $bad 2>"$tmp/err" </dev/null ||
			status=$?
		[ "$status" -eq 2 ] || return 1
	done
	[ ! -e "$tmp/x.cast" ] && [ -z "$(ls "$tmp" | grep '\.tmp')" ]
}
check record_failures_write_nothing failures_write_nothing

# --- interactive, in tmux ---
if [ "${HAVE_NCURSES:-yes}" != no ] && command -v tmux >/dev/null 2>&1; then
	tm() {
		tmux -L "$sock" -f /dev/null "$@"
	}
	tm new-session -d -s keepalive "sleep 3600"
	interactive() {
		cols=$1 rows=$2
		s="rec$cols"
		tm new-session -d -s "$s" -x "$cols" -y "$rows" \
			"env LANG=C.UTF-8 LC_ALL= '$TCPSIM' play '$tmp/plain.ini' --speed 1 --record '$tmp/$s.cast' 2>'$tmp/$s.err'; echo EXIT=\$? >'$tmp/$s.exit'"
		# a second of the run, then q
		i=0
		while [ $i -lt 100 ]; do
			tm capture-pane -p -t "$s" 2>/dev/null | grep -q "LIMITED BY" && break
			sleep 0.1
			i=$((i + 1))
		done
		sleep 1
		tm send-keys -t "$s" q
		i=0
		while [ $i -lt 200 ] && [ ! -s "$tmp/$s.exit" ]; do
			sleep 0.1
			i=$((i + 1))
		done
		grep -qx "EXIT=0" "$tmp/$s.exit" &&
			cast_ok "$tmp/$s.cast" "$cols" "$rows" &&
			plays_back "$tmp/$s.cast" &&
			grep -q "LIMITED BY" "$tmp/$s.cast.out"
	}
	check interactive_record_80x24 interactive 80 24
	check interactive_record_120x40 interactive 120 40
	interrupted() {
		tm new-session -d -s int -x 80 -y 24 \
			"'$TCPSIM' play '$tmp/plain.ini' --record '$tmp/int.cast' 2>/dev/null; echo EXIT=\$? >'$tmp/int.exit'"
		sleep 1
		tm send-keys -t int C-c
		i=0
		while [ $i -lt 200 ] && [ ! -s "$tmp/int.exit" ]; do
			sleep 0.1
			i=$((i + 1))
		done
		grep -qx "EXIT=130" "$tmp/int.exit" && [ ! -e "$tmp/int.cast" ]
	}
	check interrupted_record_writes_nothing interrupted
fi

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
[ "$failed" -eq 0 ]
