#!/bin/sh
# SPDX-License-Identifier: ISC
# test_play_lesson.sh: the numbers a lesson needs on the screen of
# `tcpsim play`, end to end at 80x24 (the classroom's smallest terminal).
#
# As test_play.sh: the program runs in a detached tmux session on a
# private socket, gets keys with send-keys and is read back with
# capture-pane.  Checks: what limits the sender is named (NAGLE while
# Nagle holds a small segment, SEND BUFFER while the producer is blocked
# on a full buffer of sent data); the lesson's numbers are on screen
# (RTT, queueing delay, readers, drops, Jain's index with several flows);
# nothing is cut at 80 columns (the queue's label, the window chart's
# key, a status message naming a saved file); q in the help closes the
# help; drops are marked where the packet died; the completion time is
# shown; sequence numbers are relative to the ISN by default on the ruler
# and in the events, absolute with --absolute-seq; tiny segments are
# small glyphs; z keeps the ruler's scale; --theme projector draws and a
# bad theme is a usage error.  Prints cmocka-style totals.
#
# Environment (set by make check): TCPSIM, SCENARIOS, HAVE_NCURSES.
# Skipped (77) without tmux or without ncurses.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}
here=$(cd "$(dirname "$0")" && pwd)

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_play_lesson.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "test_play_lesson.sh: tmux is not installed: skipped"
	exit 77
fi

sock="tcpsimlesson-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-lesson-test.XXXXXX")
LSAN_OPTIONS="suppressions=$here/lsan-ncurses.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

# The scenarios without their [lesson] (the last section), which would open
# play paused on the question: these checks are of the screen's numbers,
# lessons are tests/test_lesson_play.sh's.
mkdir "$tmp/scenarios" || exit 99
for f in "$SCENARIOS"/*.ini; do
	sed '/^\[lesson\]/,$d' "$f" >"$tmp/scenarios/${f##*/}" || exit 99
done
SCENARIOS=$tmp/scenarios

PLAY_GREP=-Eq
. "$here/play-lib.sh"

# Start `tcpsim play ARGS` at 80x24 in session $1.
start() {
	session=$1
	shift
	tm new-session -d -s "$session" -x 80 -y 24 \
		"'$tmp/pid.sh' '$tmp/$session.pid' env LANG=C.UTF-8 LC_ALL= '$TCPSIM' play $* 2>'$tmp/$session.err'; echo EXIT=\$? >'$tmp/$session.exit'"
}

quit() {
	tm send-keys -t "$1" q && wait_file "$tmp/$1.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/$1.exit"
}

tm new-session -d -s keepalive "sleep 3600" || exit 99
printf '#!/bin/sh\necho $$ >"$1"\nshift\nexec "$@"\n' >"$tmp/pid.sh" &&
	chmod +x "$tmp/pid.sh" || exit 99

# --- what limits the sender ---

start nagle "'$SCENARIOS/nagle-delayed-ack.ini'"
t_nagle() {
	# 100-byte writes every 10 ms, Nagle on: a small segment waits
	wait_for nagle "LIMITED BY: NAGLE" 30 && quit nagle
}
check "nagle-delayed-ack.ini: LIMITED BY: NAGLE while Nagle holds data" t_nagle

start lfp "'$SCENARIOS/long-fat-pipe.ini'" --speed 2
t_sndbuf() {
	# the 16 MiB buffer fills with sent data: the producer blocks on it
	wait_all lfp 60 "LIMITED BY: SEND BUFFER" "BLOCKED" &&
		# 12000 packets of queue: the label is exact or shorter,
		# never cut into "3186/1200"
		! grep -Eq "[0-9]+/1200( |$)" "$tmp/screen" &&
		grep -Eq "[0-9]+/(12000|12k)" "$tmp/screen" && quit lfp
}
check "long-fat-pipe.ini: SEND BUFFER while blocked; the queue label is whole" t_sndbuf

# slow-reader.ini at speed 1: the sender is limited by cwnd, then the
# window, then a zero window, each for 0.05 to 0.3 simulated (so wall)
# seconds (its CSV at a 10 ms sample_interval shows it).  The banner holds
# each state for half a second of wall time, so that a class can read it.
start hold "'$SCENARIOS/slow-reader.ini'" --speed 1
t_hold() {
	wait_for hold "LIMITED BY: " 30 || return 1
	: >"$tmp/hold.samples"
	# a sample every ~50 ms for 3 s: nanoseconds, then the state's title
	end=$(($(date +%s%N) + 3000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		capture hold || return 1
		title=$(sed -n 's/.*LIMITED BY: //; T; s/ - .*//; s/  .*//; s/ *$//; p' "$tmp/screen")
		echo "$(date +%s%N) ${title:-?}" >>"$tmp/hold.samples"
		sleep 0.05
	done
	cp "$tmp/hold.samples" "$tmp/screen"
	# A state's time on screen is at most from the sample before its
	# first sighting to the first sighting of the next: that bound is
	# sound however late a capture came.  Every state but the first and
	# the last (cut by the sampling window) must have a bound of at
	# least 0.45 s; and the states must change at least twice, or the
	# check proved nothing.
	awk '
		{ t[NR] = $1; $1 = ""; s[NR] = $0 }
		END {
			runs = 0
			for (i = 2; i <= NR; i++)
				if (s[i] != s[i - 1]) {
					runs++
					start[runs] = i
				}
			for (r = 1; r < runs; r++) {
				bound = (t[start[r + 1]] - t[start[r] - 1]) / 1e9
				if (bound < 0.45) {
					printf "state%s on screen at most %.3f s\n", s[start[r]], bound
					bad = 1
				}
			}
			if (runs < 2) {
				print "the state changed " runs " times in 3 s"
				bad = 1
			}
			exit bad
		}' "$tmp/hold.samples" >>"$tmp/screen" && quit hold
}
check "slow-reader.ini: LIMITED BY holds each state at least 0.45 s on screen" t_hold

# --- the lesson's numbers ---

start numbers "'$SCENARIOS/fairness.ini'" --speed 5
t_numbers() {
	# one flow started: no index; the second starts at 5 s
	wait_for numbers "Jain -" 30 &&
		wait_for numbers "Jain [01]\.[0-9]{3}" 30 && tm send-keys -t numbers space &&
		wait_for numbers "PAUSED" 10 &&
		grep -Eq "RTT [0-9.]+m?s  min [0-9.]+m?s" "$tmp/screen" &&
		grep -Eq "queueing [0-9.]+(us|ms|s)" "$tmp/screen" &&
		grep -Eq "[0-9]+ readers?  " "$tmp/screen" &&
		grep -Eq "dropped ([0-9]+ bytes?|[0-9.]+[KMG])  " "$tmp/screen" &&
		grep -Eq "resent ([0-9]+ bytes?|[0-9.]+[KMG])  " "$tmp/screen" &&
		grep -Eq "Jain [01]\.[0-9]{3}" "$tmp/screen" &&
		# the legend: each flow's name after a colour square
		grep -q "■a ■b" "$tmp/screen" &&
		# the window chart's key, whole
		grep -q "CWND.. SSTHRESH.. RWND.." "$tmp/screen" &&
		grep -Eq "GOODPUT [0-9.]+[kMG]?b?(/s)? now" "$tmp/screen"
}
check "fairness.ini: RTT, queueing, readers, drops, Jain and its legend" t_numbers

t_singular() {
	# "1 reader", never "1 readers"; never "1 packets"
	capture numbers && grep -q "1 reader " "$tmp/screen" &&
		! grep -Eq "(^| )1 (packets|bytes|readers)" "$tmp/screen" &&
		quit numbers
}
check "units are singular for one" t_singular

start lossy "'$SCENARIOS/lossy-link.ini'" --speed 0.2
t_loss_mark() {
	# a random loss: marked at the start of the link, where it died
	wait_for lossy "\] ✗" 60 && quit lossy
}
check "lossy-link.ini: a lost packet is marked at the start of the link" t_loss_mark

start tail "'$SCENARIOS/fairness.ini'" --speed 0.5
t_droptail_mark() {
	# the 50-packet queue overflows in slow start: under the queue
	wait_for tail "^ .{23}✗ dropped" 60 && quit tail
}
check "fairness.ini: a drop-tail drop is marked under the queue" t_droptail_mark

start done "'$SCENARIOS/newreno-multiple-losses.ini'" --speed 5
t_finished() {
	# write_total = 1MB: the flow finishes, and the line says when
	wait_for done "finished at [0-9]+\.[0-9]{3}s" 60 && quit done
}
check "newreno-multiple-losses.ini: the completion time is shown" t_finished

# --- help, status messages ---

cp "$SCENARIOS/reader-stall.ini" "$tmp/a-rather-long-scenario-name.ini" || exit 99
start help "'$tmp/a-rather-long-scenario-name.ini'"
t_help_q() {
	wait_for help "LIMITED BY" 30 && tm send-keys -t help '?' &&
		wait_all help 10 "tcpsim play: keys" \
			"GOODPUT    mean over the last 1 s" &&
		tm send-keys -t help q && wait_gone help "tcpsim play: keys" 10 &&
		sleep 0.5 && [ ! -f "$tmp/help.exit" ]
}
check "q in the help closes the help, and play goes on" t_help_q

t_saved_name() {
	tm send-keys -t help e &&
		wait_for help "saved a-rather-long-scenario-name-live-1\.ini \(0 live changes\)" 10 &&
		[ -f "$tmp/a-rather-long-scenario-name-live-1.ini" ] && quit help
}
check "the status line shows a saved file's whole name at 80 columns" t_saved_name

# --- sequence numbers ---

# The first event sends the initial window, ten segments: the last
# "sends 1448 bytes at seq N" of the events pane and the ruler's SND.NXT
# must be in one convention: SND.NXT = N + 1448.
seq_agree() {
	last=$(sed -n 's/.*sends 1448 bytes at seq \([0-9]*\)$/\1/p' "$tmp/screen" | tail -1)
	[ -n "$last" ] &&
		grep -Eq "SND.NXT[=a-z]* $((last + 1448))( |$)" "$tmp/screen"
}

start rel "'$SCENARIOS/wraparound.ini'" --paused
t_relative() {
	# ISN 4174967296: the first data byte is 1, relative
	wait_for rel "PAUSED event 0" 30 && tm send-keys -t rel n &&
		wait_for rel "PAUSED event 1 " 10 &&
		grep -Eq "SND.UNA[=A-Z.]* 1( |$)" "$tmp/screen" &&
		seq_agree && ! grep -q "4174" "$tmp/screen" && quit rel
}
check "wraparound.ini: seqs relative to the ISN on the ruler and in the events" t_relative

start abs "'$SCENARIOS/wraparound.ini'" --paused --absolute-seq
t_absolute() {
	wait_for abs "PAUSED event 0" 30 && tm send-keys -t abs n &&
		wait_for abs "PAUSED event 1 " 10 &&
		grep -Eq "SND.UNA[=A-Z.]* 4174967297( |$)" "$tmp/screen" &&
		seq_agree && quit abs
}
check "wraparound.ini --absolute-seq: the wire's numbers in both places" t_absolute

# --- glyphs, the ruler's scale ---

start silly "'$SCENARIOS/silly-window.ini'" --speed 0.5
t_tiny() {
	# once the window has shrunk, segments of a few bytes: small dots
	wait_for silly "•" 40 && quit silly
}
check "silly-window.ini: tiny segments are small glyphs" t_tiny

start zkey "'$SCENARIOS/reader-stall.ini'"
t_zkey() {
	wait_for zkey "LIMITED BY" 30 && tm send-keys -t zkey z &&
		wait_for zkey "ruler scale kept" 10 && tm send-keys -t zkey z &&
		wait_for zkey "ruler fits the window again" 10 && quit zkey
}
check "z keeps the ruler's scale and lets it go" t_zkey

# --- the projector theme ---

start proj "'$SCENARIOS/reader-stall.ini'" --theme projector
t_projector() {
	wait_all proj 30 "LIMITED BY" "RTT" && quit proj
}
check "--theme projector draws" t_projector

t_bad_theme() {
	"$TCPSIM" play "$SCENARIOS/reader-stall.ini" --theme neon \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	[ $? -eq 2 ] && grep -q "theme wants default or projector, not 'neon'" "$tmp/err"
}
check "--theme neon: a usage error, exit 2" t_bad_theme

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_play_lesson.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
