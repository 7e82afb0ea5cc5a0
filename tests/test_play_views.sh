#!/bin/sh
# SPDX-License-Identifier: ISC
# test_play_views.sh: the packet views of `tcpsim play` (v, w), end to
# end at 80x24 and 120x40.
#
# As test_play_lesson.sh: the program runs in a detached tmux session on
# a private socket, gets keys with send-keys and is read back with
# capture-pane; the scenarios are played without their [lesson], which
# would open play paused on its question.  Checks: v cycles the charts'
# area through the time-sequence graph, the ladder and back to the
# charts; in fast-retransmit.ini, paused at the fast retransmission (its
# time taken from the run's own event log), the graph shows the
# retransmission as its R mark, and at the drop the ladder ends the
# dropped segment's line in the drop glyph and labels it with its
# sequence number; w zooms the graph out to the whole run and back; the
# same in ASCII (LANG=C); the help and play --help name the keys.
# Prints cmocka-style totals.
#
# Environment (set by make check): TCPSIM, SCENARIOS, HAVE_NCURSES.
# Skipped (77) without tmux or without ncurses.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}
here=$(cd "$(dirname "$0")" && pwd)

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_play_views.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "test_play_views.sh: tmux is not installed: skipped"
	exit 77
fi

sock="tcpsimviews-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-views-test.XXXXXX")
LSAN_OPTIONS="suppressions=$here/lsan-ncurses.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

# The scenarios without their [lesson] (the last section).
mkdir "$tmp/scenarios" || exit 99
for f in "$SCENARIOS"/*.ini; do
	sed '/^\[lesson\]/,$d' "$f" >"$tmp/scenarios/${f##*/}" || exit 99
done
SCENARIOS=$tmp/scenarios

PLAY_GREP=-Eq
. "$here/play-lib.sh"

# Start `tcpsim play ARGS` in session $1 at $2 columns x $3 rows, in the
# locale $4 (C.UTF-8 or C).
start() {
	session=$1 cols=$2 rows=$3 locale=$4
	shift 4
	tm new-session -d -s "$session" -x "$cols" -y "$rows" \
		"'$tmp/pid.sh' '$tmp/$session.pid' env LANG=$locale LC_ALL= '$TCPSIM' play $* 2>'$tmp/$session.err'; echo EXIT=\$? >'$tmp/$session.exit'"
}

quit() {
	tm send-keys -t "$1" q && wait_file "$tmp/$1.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/$1.exit"
}

# g: go to time $2 (seconds, as in the event log) and wait for it.
go_to() {
	tm send-keys -t "$1" g && wait_for "$1" "go to time" 10 &&
		tm send-keys -t "$1" "${2}s" Enter &&
		wait_for "$1" "g: at " 60
}

# The rows of the pane titled $1 on the captured screen, up to (not
# including) the first row matching $2: what the pane drew.
pane_rows() {
	awk -v title="$1" -v end="$2" '
		index($0, title) { inside = 1; next }
		inside && $0 ~ end { exit }
		inside { print }' "$tmp/screen"
}

# Wait up to $5 seconds for the pane titled $2 on screen $1 to show
# (extended) regular expression $4 in its rows, up to the row matching
# $3: a capture may catch a frame half drawn, so one look is not enough.
wait_pane() {
	i=0
	while [ "$i" -lt $(($5 * 10)) ]; do
		capture "$1" && pane_rows "$2" "$3" | grep -Eq -- "$4" &&
			return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

tm new-session -d -s keepalive "sleep 3600" || exit 99
printf '#!/bin/sh\necho $$ >"$1"\nshift\nexec "$@"\n' >"$tmp/pid.sh" &&
	chmod +x "$tmp/pid.sh" || exit 99

# The moments to look at, from the run's own event log: the first drop
# and the fast retransmission of fast-retransmit.ini, and the dropped
# segment's sequence number (ISN 0: relative and wire numbers agree).
fr="$SCENARIOS/fast-retransmit.ini"
"$TCPSIM" run "$fr" --events "$tmp/ev.csv" --quiet || exit 99
drop_t=$(awk -F, '$4 == "drop" { print $1; exit }' "$tmp/ev.csv")
drop_seq=$(awk -F, '$4 == "drop" { print $5; exit }' "$tmp/ev.csv")
drop_len=$(awk -F, '$4 == "drop" { print $7; exit }' "$tmp/ev.csv")
resend_t=$(awk -F, '$4 == "retransmit" { print $1; exit }' "$tmp/ev.csv")
resend_seq=$(awk -F, '$4 == "retransmit" { print $5; exit }' "$tmp/ev.csv")
if [ -z "$drop_t" ] || [ -z "$resend_t" ] || [ "$drop_seq" != "$resend_seq" ]; then
	echo "fast-retransmit.ini: no drop and retransmission of one segment in its event log" >&2
	exit 99
fi

# --- v cycles the views, at both sizes ---

t_cycle() {
	s=$1
	# (each on its own wait: a capture may come in the middle of a
	# redraw, half the old frame and half the new)
	wait_for "$s" "GOODPUT" 30 &&
		tm send-keys -t "$s" v && wait_for "$s" "TIME-SEQUENCE" 10 &&
		wait_gone "$s" "GOODPUT" 10 &&
		wait_for "$s" "view: time-sequence" 10 &&
		wait_for "$s" "EVENTS" 10 &&
		tm send-keys -t "$s" v && wait_for "$s" "LADDER" 10 &&
		wait_for "$s" "LADDER +sender +[0-9.]+[mun]?s/row +receiver" 10 &&
		wait_gone "$s" "TIME-SEQUENCE" 10 &&
		tm send-keys -t "$s" v && wait_for "$s" "GOODPUT" 10 &&
		wait_gone "$s" "LADDER" 10 &&
		# V goes the other way: to the ladder
		tm send-keys -t "$s" V && wait_for "$s" "LADDER" 10 &&
		tm send-keys -t "$s" v && wait_for "$s" "GOODPUT" 10 &&
		quit "$s"
}

start cyc80 80 24 C.UTF-8 "'$fr'" --speed 1
check "80x24: v shows the time-sequence graph, the ladder, the charts" t_cycle cyc80
start cyc120 120 40 C.UTF-8 "'$fr'" --speed 1
check "120x40: v shows the time-sequence graph, the ladder, the charts" t_cycle cyc120

# --- the retransmission in the time-sequence graph ---

t_resend() {
	s=$1 END=$2 GLYPH=$3
	wait_for "$s" "PAUSED event 0" 30 && go_to "$s" "$resend_t" &&
		tm send-keys -t "$s" v &&
		# the R mark in the plot, below the title and above the axis
		wait_pane "$s" "TIME-SEQUENCE last 8 RTT" "$END" "R" 10 &&
		# w: the whole run, and back
		tm send-keys -t "$s" w &&
		wait_for "$s" "time-sequence: the whole run" 10 &&
		wait_pane "$s" "TIME-SEQUENCE whole run" "$END" "R" 10 &&
		wait_pane "$s" "TIME-SEQUENCE whole run" "$END" "$GLYPH" 10 &&
		tm send-keys -t "$s" w && wait_for "$s" "TIME-SEQUENCE last 8 RTT" 10 &&
		quit "$s"
}

start tsg80 80 24 C.UTF-8 "'$fr'" --paused
check "80x24 fast-retransmit.ini: the retransmission is an R, the drop a ✗" \
	t_resend tsg80 "└" "✗"
start tsg120 120 40 C.UTF-8 "'$fr'" --paused
check "120x40 fast-retransmit.ini: the retransmission is an R, the drop a ✗" \
	t_resend tsg120 "└" "✗"
start tsgascii 80 24 C "'$fr'" --paused
check "ASCII fast-retransmit.ini: the retransmission is an R, the drop an X" \
	t_resend tsgascii "^ +[+]" "X"

# --- the drop in the ladder ---

t_ladder_drop() {
	s=$1
	wait_for "$s" "PAUSED event 0" 30 && go_to "$s" "$drop_t" &&
		tm send-keys -t "$s" v v &&
		# the dropped segment's line ends in the drop glyph, between
		# the two lines, and its label names it
		wait_pane "$s" "LADDER" "EVENTS" "$2.*$3" 10 &&
		wait_pane "$s" "LADDER" "EVENTS" "$drop_seq\\+$drop_len" 10 &&
		quit "$s"
}

start lad80 80 24 C.UTF-8 "'$fr'" --paused
check "80x24 fast-retransmit.ini: the dropped segment ends in ✗ in the ladder" \
	t_ladder_drop lad80 "│.*✗" "│"
start lad120 120 40 C.UTF-8 "'$fr'" --paused
check "120x40 fast-retransmit.ini: the dropped segment ends in ✗ in the ladder" \
	t_ladder_drop lad120 "│.*✗" "│"
start ladascii 80 24 C "'$fr'" --paused
check "ASCII fast-retransmit.ini: the dropped segment ends in X in the ladder" \
	t_ladder_drop ladascii "[|].*X" "[|]"

# --- the keys are documented ---

start help 80 24 C.UTF-8 "'$fr'" --paused
t_help() {
	wait_for help "PAUSED" 30 && tm send-keys -t help '?' &&
		wait_all help 10 "tcpsim play: keys" \
			"v  w       views: charts, time-seq., ladder, pipeline" \
			"q          quit" &&
		tm send-keys -t help x && wait_gone help "tcpsim play: keys" 10 &&
		quit help
}
check "the help names v and w, and still fits 24 rows" t_help

t_play_help() {
	"$TCPSIM" play --help >"$tmp/out" 2>&1 &&
		grep -q "^  v  " "$tmp/out" && grep -q "^  w  " "$tmp/out" &&
		grep -q "time-sequence graph" "$tmp/out" &&
		grep -q "ladder diagram" "$tmp/out"
}
check "play --help names v and w" t_play_help

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_play_views.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
