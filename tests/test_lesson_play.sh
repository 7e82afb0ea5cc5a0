#!/bin/sh
# SPDX-License-Identifier: ISC
# test_lesson_play.sh: a scenario's [lesson] in `tcpsim play`, end to end,
# in an 80x24 terminal.
#
# As tests/test_play.sh does: the program runs in a detached tmux session
# on a private socket, gets keys, and its screen is read back with
# capture-pane.  The lesson opens with its question (the run paused), a
# key reveals the prediction, the next starts the run; a pause at a time
# stops the run there with its sentence; a pause at the first
# fast_retransmit stops the run at the time the events log gives that
# event (found here with `tcpsim run --events`); g goes to a typed time,
# back or forward; N stops at the next event the narration tells (found
# in the events log too); e writes a file that keeps the lesson's
# comments and the file's units.  Prints one line per test and
# cmocka-style totals, which check-local adds up.
#
# Environment (set by make check): TCPSIM, the program; SCENARIOS, the
# scenario directory; HAVE_NCURSES, "no" in a build without ncurses.
# Skipped (77) without tmux, and in a build without ncurses.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}
here=$(cd "$(dirname "$0")" && pwd)

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_lesson_play.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi

if ! command -v tmux >/dev/null 2>&1; then
	echo "test_lesson_play.sh: tmux is not installed (./bootstrap installs it): skipped"
	exit 77
fi

sock="tcpsimtest-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-lesson-test.XXXXXX")
# ncurses keeps memory until exit; only that is excused (sanitizer builds)
LSAN_OPTIONS="suppressions=$here/lsan-ncurses.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

. "$here/play-lib.sh"

# Start `tcpsim play ARGS` in session $1; its process id goes to
# $tmp/$1.pid, its exit status to $tmp/$1.exit and its stderr to
# $tmp/$1.err, then `stty -a` (the modes it left the terminal in) to
# $tmp/$1.stty.  PLAY_ENV, when set, is put first on env's command line
# (TERM=dumb, -u TERM).
start() {
	session=$1
	shift
	# one string: tmux runs it with sh -c (several would be argv)
	tm new-session -d -s "$session" -x 80 -y 24 \
		"'$tmp/pid.sh' '$tmp/$session.pid' env ${PLAY_ENV:-} LANG=C.UTF-8 LC_ALL= '$TCPSIM' play $* 2>'$tmp/$session.err'; echo EXIT=\$? >'$tmp/$session.exit'; stty -a >'$tmp/$session.stty'"
}

# A session that lives as long as the test: when a tested session ends and
# none is left, the tmux server exits, and a new-session racing with that
# exit fails ("server exited unexpectedly").
tm new-session -d -s keepalive "sleep 3600" || exit 99

# Writes its process id to $1, then becomes the command that follows.
printf '#!/bin/sh\necho $$ >"$1"\nshift\nexec "$@"\n' >"$tmp/pid.sh" &&
	chmod +x "$tmp/pid.sh" || exit 99

# The lesson of the test: fast-retransmit.ini without its own [lesson],
# with one whose words and units the test knows, and a timeline time in
# a unit the writer would not choose (2000ms, which it would write 2s).
sed '/^\[lesson\]/,$d' "$SCENARIOS/fast-retransmit.ini" >"$tmp/fr.ini" &&
	cat >>"$tmp/fr.ini" <<'INI' || exit 99

[timeline]
2000ms: link.loss = 0

[lesson]
# said to the class before the run
title = One loss, no timeout
question = Segment 100 is lost: how does the sender learn of it?
prediction = Three duplicate ACKs; a fast retransmit within one RTT.
pause = 150ms: slow start; the window grows by one segment per ACK
pause = on fast_retransmit: the third duplicate ACK has arrived
INI

# The events log of the same run: the times the test expects.
"$TCPSIM" run "$tmp/fr.ini" --events "$tmp/events.csv" --quiet || exit 99
fr_time=$(awk -F, '$4 == "fast_retransmit" { print $1; exit }' "$tmp/events.csv")
[ -n "$fr_time" ] || exit 99

start fr "'$tmp/fr.ini'"

t_question() {
	wait_all fr 30 "Question: Segment 100 is lost" \
		"LESSON: One loss, no timeout" " 0.000s/" "PAUSED" &&
		! grep -q "Prediction:" "$tmp/screen"
}
check "the question first, the run paused at 0" t_question

t_prediction() {
	tm send-keys -t fr x &&
		wait_all fr 10 "Prediction: Three duplicate" "Question: Segment 100"
}
check "a key reveals the prediction" t_prediction

t_time_pause() {
	tm send-keys -t fr x &&
		wait_all fr 30 "PAUSE at 0.150000000 s (150ms)" \
			"slow start; the window grows" " 0.150s/" "PAUSED"
}
check "a key starts the run; it stops at 150ms with its sentence" t_time_pause

t_event_pause() {
	tm send-keys -t fr x &&
		# the status line's clock, in ms, is the event's
		wait_all fr 60 "PAUSE at $fr_time s (the first fast_retransmit)" \
			"the third duplicate ACK has arrived" \
			" $(echo "$fr_time" | cut -c1-5)s/"
}
check "it stops at the first fast_retransmit, at the events log's time ($fr_time s)" t_event_pause

t_help() {
	tm send-keys -t fr x && wait_gone fr "PAUSE at" 10 &&
		tm send-keys -t fr space && wait_for fr "PAUSED" 10 &&
		tm send-keys -t fr '?' &&
		wait_all fr 10 "tcpsim play: keys" "g          go to a time" \
			"N          on to the next event the narration tells" &&
		tm send-keys -t fr x && wait_gone fr "tcpsim play: keys" 10
}
check "? lists g and N" t_help

t_go_back() {
	tm send-keys -t fr g 1 6 0 m s Enter &&
		wait_all fr 30 "g: at 0.160000000 s" " 0.160s/"
}
check "g 160ms goes back there" t_go_back

# The next event the narration tells after 0.16 s: a drop, a duplicate
# ACK's fast retransmit, a window change, a producer that blocks...
next=$(awk -F, 'NR > 1 && $1 > 0.16 &&
	($4 ~ /^(zero_window|window_update|probe|timeout|fast_retransmit|recovery_exit|timeline|drop|hystart)$/ ||
	 ($4 == "app_write" && $7 == 0)) { print $4 " at " $1; exit }' "$tmp/events.csv")
t_next() {
	[ -n "$next" ] && tm send-keys -t fr N &&
		wait_for fr "N: $next s" 30
}
check "N stops at the next narrated event ($next s)" t_next

t_go_forward() {
	tm send-keys -t fr g 3 s Enter &&
		wait_all fr 60 "g: at 3.000000000 s" " 3.000s/" &&
		! grep -q "PAUSE at" "$tmp/screen"
}
check "g 3s goes forward there, over the pauses" t_go_forward

t_export() {
	tm send-keys -t fr e && wait_for fr "saved fr-live-1.ini" 10 &&
		f="$tmp/fr-live-1.ini" &&
		grep -q "^# fast-retransmit.ini: " "$f" &&
		grep -q "^# said to the class before the run$" "$f" &&
		grep -q "^pause = 150ms: slow start; the window grows" "$f" &&
		grep -q "^pause = on fast_retransmit: the third duplicate" "$f" &&
		grep -q "^2000ms: link.loss = 0" "$f" &&
		"$TCPSIM" check "$f" >"$tmp/check.out" &&
		grep -q "pause at 150ms: slow start" "$tmp/check.out"
}
check "e keeps the lesson's comments and the file's units" t_export

t_quit() {
	tm send-keys -t fr q && wait_file "$tmp/fr.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/fr.exit"
}
check "q exits with status 0" t_quit

# The lesson as shipped: its question is the first thing on the screen.
question=$(sed -n 's/^question *= *//p' "$SCENARIOS/fast-retransmit.ini" | cut -c1-30)
start shipped "'$SCENARIOS/fast-retransmit.ini'"
t_shipped() {
	[ -n "$question" ] && wait_for shipped "Question: $question" 30 &&
		tm send-keys -t shipped q && wait_file "$tmp/shipped.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/shipped.exit"
}
check "fast-retransmit.ini opens with its question" t_shipped

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_lesson_play.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
