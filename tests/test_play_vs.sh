#!/bin/sh
# SPDX-License-Identifier: ISC
# test_play_vs.sh: `tcpsim play A --vs ...` in tmux at 80x24 and 120x40.
# Both runs are on screen, A's banner tagged A above B's tagged B, each
# with its own link (B's rate is the --vs value); they share one clock
# (both status lines show the same simulated time when paused); } doubles
# the link rate of both; Left steps both back; at 80x24 B's status says
# the charts were dropped, at 120x40 they are overlaid (A and B).  Bad --vs values exit 2 before the terminal is
# touched.  Prints cmocka-style totals.
#
# Environment (set by make check): TCPSIM, HAVE_NCURSES.
# Skipped (77) without tmux or without ncurses.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_play_vs.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "test_play_vs.sh: tmux is not installed: skipped"
	exit 77
fi

sock="tcpsimvs-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-play-vs-test.XXXXXX")
here=$(cd "$(dirname "$0")" && pwd)
PLAY_GREP=-Eq
. "$here/play-lib.sh"

printf '[simulation]\nduration = 30s\n[link]\nrate = 10Mbit/s\n[flow bulk]\n' \
	>"$tmp/a.ini"

tm new-session -d -s keepalive "sleep 3600" || exit 99

# play A --vs link.rate=2Mbit/s at $1 x $2 in session $3
start() {
	tm new-session -d -s "$3" -x "$1" -y "$2" \
		"env LANG=C.UTF-8 LC_ALL= '$TCPSIM' play '$tmp/a.ini' --vs link.rate=2Mbit/s --speed 0.5 2>'$tmp/$3.err'; echo EXIT=\$? >'$tmp/$3.exit'"
}

# The simulated times of the two status lines on screen (the lines that
# say PAUSED or running), one a line.
clocks() {
	grep -E 'PAUSED|running' "$tmp/screen" | while read -r line; do
		printf '%s\n' "$line" | grep -Eo '(^| )[0-9]+\.[0-9]{3}s' |
			head -n 1 | tr -d ' '
	done
}

both_runs() {
	cols=$1 rows=$2 s=$3
	start "$cols" "$rows" "$s"
	# the whole first frame: B's banner and, below, the charts (or the
	# word that they do not fit), since a capture may catch a frame half
	# drawn
	wait_for "$s" "^B.*" 20 || return 1
	if [ "$rows" -lt 30 ]; then
		wait_for "$s" 'charts need 30 rows' 10 || return 1
	else
		wait_for "$s" 'CWND  A  B' 10 || return 1
	fi
	# A above with 10 Mbit/s, B below with 2 Mbit/s
	grep -n '^A' "$tmp/screen" | head -n 1 | grep -q '^1:' || return 1
	a_line=$(grep -n 'LINK 10.0Mb/s' "$tmp/screen" | head -n 1 | cut -d: -f1)
	b_line=$(grep -n 'LINK 2.00Mb/s' "$tmp/screen" | head -n 1 | cut -d: -f1)
	[ -n "$a_line" ] && [ -n "$b_line" ] && [ "$a_line" -lt "$b_line" ] ||
		return 1
	grep -q 'B: link.rate=2Mbit/s' "$tmp/screen" || return 1
	# below 2 x 12 + 6 rows the charts do not fit: B's status says so;
	# from there they are overlaid below both runs, keyed A and B
	if [ "$rows" -lt 30 ]; then
		grep -q 'charts need 30 rows' "$tmp/screen" || return 1
	else
		grep -q 'GOODPUT  A  B' "$tmp/screen" &&
			grep -q 'CWND  A  B' "$tmp/screen" || return 1
	fi
	# paused: one clock, the same time on both status lines
	tm send-keys -t "$s" ' '
	wait_for "$s" "PAUSED" 10 && sleep 0.5 && capture "$s" || return 1
	[ "$(clocks | sort -u | wc -l)" -eq 1 ] && [ "$(clocks | wc -l)" -eq 2 ] ||
		return 1
	# } doubles both links: 20 Mbit/s above, 4 Mbit/s below
	tm send-keys -t "$s" '}'
	# (each on its own wait: a capture may come in the middle of a redraw)
	wait_for "$s" 'LINK 20.0Mb/s' 10 && wait_for "$s" 'LINK 4.00Mb/s' 10 ||
		return 1
	# Left: one event back, both on the same clock again
	tm send-keys -t "$s" Left
	sleep 1
	capture "$s"
	[ "$(clocks | sort -u | wc -l)" -eq 1 ] || return 1
	tm send-keys -t "$s" q && wait_file "$tmp/$s.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/$s.exit"
}
check play_vs_80x24 both_runs 80 24 s80
check play_vs_120x40 both_runs 120 40 s120

bad_vs() {
	status=0
	"$TCPSIM" play "$tmp/a.ini" --vs link.rat=1Mbit/s </dev/null \
		>"$tmp/out" 2>"$tmp/err" || status=$?
	# standard output is no terminal here: the usage check comes first;
	# headless, the scenario's check is reached
	status=0
	"$TCPSIM" play "$tmp/a.ini" --vs link.rat=1Mbit/s --headless \
		--record "$tmp/x.cast" >"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -eq 2 ] && grep -q "^--vs: .*'rat'" "$tmp/err" &&
		[ ! -e "$tmp/x.cast" ]
}
check play_vs_bad_value_exit_2 bad_vs

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
[ "$failed" -eq 0 ]
