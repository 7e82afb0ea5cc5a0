#!/bin/sh
# SPDX-License-Identifier: ISC
# test_play.sh: `tcpsim play` in a real terminal, end to end.
#
# Runs the program in a detached tmux session on a private socket (-L), so
# that nothing of the user's tmux is touched, sends it keys and reads the
# screen back with capture-pane: it draws and animates, space pauses (two
# screens a second apart are identical), ? shows the keys, resizing to
# 80x24 and 40x10 and back neither crashes nor leaves it small, a live
# change and `e` write a scenario that `tcpsim check` accepts, q exits 0,
# Ctrl-C exits 130 with the terminal's modes restored.  Scenarios that
# make each frame a lot of work (10000 flows sampled every nanosecond, a
# link running billions of events per simulated millisecond) still answer
# q, Ctrl-C and SIGTERM; a dumb terminal is refused; control characters
# from the input are shown escaped.  Prints one line per test and
# cmocka-style totals, which check-local adds up.
#
# Environment (set by make check): TCPSIM, the program; SCENARIOS, the
# scenario directory; HAVE_NCURSES, "no" in a build without ncurses.
# Skipped (77) without tmux, and in a build without ncurses (which has no
# terminal UI to test).
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}
here=$(cd "$(dirname "$0")" && pwd)

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_play.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi

if ! command -v tmux >/dev/null 2>&1; then
	echo "test_play.sh: tmux is not installed (./bootstrap installs it): skipped"
	exit 77
fi

sock="tcpsimtest-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-play-test.XXXXXX")
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
	tm new-session -d -s "$session" -x 100 -y 30 \
		"'$tmp/pid.sh' '$tmp/$session.pid' env ${PLAY_ENV:-} LANG=C.UTF-8 LC_ALL= '$TCPSIM' play $* 2>'$tmp/$session.err'; echo EXIT=\$? >'$tmp/$session.exit'; stty -a >'$tmp/$session.stty'"
}

# A session that lives as long as the test: when a tested session ends and
# none is left, the tmux server exits, and a new-session racing with that
# exit fails ("server exited unexpectedly").
tm new-session -d -s keepalive "sleep 3600" || exit 99

# Writes its process id to $1, then becomes the command that follows.
printf '#!/bin/sh\necho $$ >"$1"\nshift\nexec "$@"\n' >"$tmp/pid.sh" &&
	chmod +x "$tmp/pid.sh" || exit 99

# A scenario of our own, so that `e` writes beside it, not into the sources;
# without its [lesson] (the last section), which would open play paused on
# its question: lessons are tests/test_lesson_play.sh's.
sed '/^\[lesson\]/,$d' "$SCENARIOS/reader-stall.ini" >"$tmp/reader-stall.ini" &&
	! grep -q '^\[lesson\]' "$tmp/reader-stall.ini" || exit 99

start play "'$tmp/reader-stall.ini'"

# The first frame may be captured half drawn (the status line comes last):
# wait for a capture that has all three.
t_draws() {
	i=0
	while [ "$i" -lt 300 ]; do
		if capture play && grep -q "LIMITED BY" "$tmp/screen" &&
			grep -q "PRODUCER" "$tmp/screen" &&
			grep -q "reader-stall.ini" "$tmp/screen"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
check "draws the pipeline and the status line" t_draws

t_animates() {
	capture play && cp "$tmp/screen" "$tmp/a" && sleep 1 &&
		capture play && ! cmp -s "$tmp/a" "$tmp/screen"
}
check "animates: two screens a second apart differ" t_animates

t_pauses() {
	tm send-keys -t play space && wait_for play "PAUSED" 10 &&
		sleep 0.3 && capture play && cp "$tmp/screen" "$tmp/a" &&
		sleep 1 && capture play && cmp -s "$tmp/a" "$tmp/screen"
}
check "space pauses: two screens a second apart are identical" t_pauses

t_steps() {
	capture play
	before=$(sed -n 's/.*PAUSED event \([0-9]*\).*/\1/p' "$tmp/screen")
	tm send-keys -t play n n n Left
	wait_for play "PAUSED event $((before + 2))" 20
}
check "n steps forward, Left steps back" t_steps

t_help() {
	tm send-keys -t play '?' &&
		wait_all play 10 "tcpsim play: keys" "q          quit" &&
		tm send-keys -t play x && wait_gone play "tcpsim play: keys" 10
}
check "? shows the keys, any key closes them" t_help

t_resize() {
	tm resize-window -t play -x 80 -y 24 && wait_for play "LIMITED BY" 10 &&
		[ "$(wc -l <"$tmp/screen")" -le 24 ] &&
		tm resize-window -t play -x 40 -y 10 &&
		wait_for play "too small" 10 &&
		tm resize-window -t play -x 100 -y 30 &&
		wait_all play 10 "LIMITED BY" "EVENTS"
}
check "resizes to 80x24, to 40x10 (says too small) and back" t_resize

t_export() {
	tm send-keys -t play ']' && wait_for play "bulk.read_rate = 8Mbit/s" 10 &&
		tm send-keys -t play e &&
		wait_for play "saved reader-stall-live-1.ini" 10 &&
		grep -q "bulk.read_rate = 8Mbit/s" "$tmp/reader-stall-live-1.ini" &&
		"$TCPSIM" check "$tmp/reader-stall-live-1.ini" >/dev/null
}
check "a live change and e write a valid scenario" t_export

t_quit() {
	tm send-keys -t play q && wait_file "$tmp/play.exit" 20 &&
		grep -qx "EXIT=0" "$tmp/play.exit"
}
check "q exits with status 0" t_quit

start intr "'$SCENARIOS/reader-stall.ini'"
t_interrupt() {
	wait_for intr "LIMITED BY" 30 && tm send-keys -t intr C-c &&
		wait_file "$tmp/intr.exit" 20 &&
		grep -qx "EXIT=130" "$tmp/intr.exit" &&
		wait_file "$tmp/intr.stty" 10 &&
		grep -q " icanon" "$tmp/intr.stty" &&
		grep -q " echo " "$tmp/intr.stty"
}
check "Ctrl-C exits with 130 and restores the terminal" t_interrupt

printf '[link]\nrate = 10Mbit/sec\n' >"$tmp/bad.ini"
start bad "'$tmp/bad.ini'"
t_invalid() {
	wait_file "$tmp/bad.exit" 20 && grep -qx "EXIT=2" "$tmp/bad.exit" &&
		grep -q "bad.ini:2:" "$tmp/bad.err"
}
check "an invalid scenario: FILE:LINE, exit 2, before the screen" t_invalid

t_no_tty() {
	"$TCPSIM" play "$SCENARIOS/reader-stall.ini" </dev/null >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 2 ] && grep -q "not a terminal" "$tmp/err"
}
check "without a terminal: says so, exit 2" t_no_tty

# Scenarios that make every frame a lot of work.  Whatever the scenario,
# q and the signals must be answered (the hang bounds below are generous:
# a frame takes about 33 ms, a sanitizer build is slower), never a frozen
# screen.  10000 flows (the most a scenario may have) sampled every
# nanosecond: every simulated nanosecond is an event, which samples the
# flows.  Generated here: too big to keep in the sources.
{
	printf '[simulation]\nsample_interval = 1ns\n'
	i=1
	while [ "$i" -le 10000 ]; do
		printf '[flow f%d]\n' "$i"
		i=$((i + 1))
	done
} >"$tmp/many.ini" || exit 99
# The fastest link the format allows (2^50 bit/s), no delay, 1-byte
# segments: billions of events per simulated millisecond.
printf '[link]\nrate = 1125899906842624bit/s\ndelay = 0\n[flow a]\nmss = 1B\n' \
	>"$tmp/fast.ini" || exit 99

# The first frame of session $1 is up when its status line is.
wait_frame() {
	wait_for "$1" "? help" "$2" && grep -q "$3" "$tmp/screen"
}

start many "'$tmp/many.ini'"
t_many_quit() {
	wait_frame many 60 "many.ini" && sleep 1 &&
		tm send-keys -t many q && wait_file "$tmp/many.exit" 10 &&
		grep -qx "EXIT=0" "$tmp/many.exit"
}
check "10000 flows sampled every 1ns: draws, q exits 0" t_many_quit

start manyterm "'$tmp/many.ini'"
t_many_term() {
	wait_frame manyterm 60 "many.ini" && sleep 1 &&
		kill -TERM "$(cat "$tmp/manyterm.pid")" &&
		wait_file "$tmp/manyterm.exit" 10 &&
		grep -qx "EXIT=143" "$tmp/manyterm.exit" &&
		grep -q "interrupted" "$tmp/manyterm.err" &&
		wait_file "$tmp/manyterm.stty" 10 &&
		grep -q " icanon" "$tmp/manyterm.stty" &&
		grep -q " echo " "$tmp/manyterm.stty"
}
check "10000 flows: SIGTERM exits 143 and restores the terminal" t_many_term

start manyback "'$tmp/many.ini'"
t_many_rewind() {
	# Left re-runs from the start, in pieces: q answers meanwhile
	wait_frame manyback 60 "many.ini" && sleep 2 &&
		tm send-keys -t manyback Left &&
		wait_for manyback "REWINDING\|PAUSED" 10 &&
		tm send-keys -t manyback q &&
		wait_file "$tmp/manyback.exit" 10 &&
		grep -qx "EXIT=0" "$tmp/manyback.exit"
}
check "10000 flows: Left rewinds, q exits 0 meanwhile" t_many_rewind

start fast "'$tmp/fast.ini'"
t_fast_quit() {
	wait_frame fast 30 "fast.ini" && sleep 1 &&
		tm send-keys -t fast q && wait_file "$tmp/fast.exit" 10 &&
		grep -qx "EXIT=0" "$tmp/fast.exit"
}
check "a 2^50 bit/s link with 1-byte segments: q exits 0" t_fast_quit

start fastint "'$tmp/fast.ini'"
t_fast_intr() {
	wait_frame fastint 30 "fast.ini" && sleep 1 &&
		tm send-keys -t fastint C-c &&
		wait_file "$tmp/fastint.exit" 10 &&
		grep -qx "EXIT=130" "$tmp/fastint.exit"
}
check "a 2^50 bit/s link with 1-byte segments: Ctrl-C exits 130" t_fast_intr

# A terminal that cannot clear the screen or move the cursor is refused,
# as tmux does, before anything is drawn: the screen stays empty.  The
# panes stay after their command ends, so that the screen can be read.
tm set-option -wg remain-on-exit on || exit 99
PLAY_ENV="TERM=dumb" start dumb "'$SCENARIOS/reader-stall.ini'"
t_dumb() {
	wait_file "$tmp/dumb.exit" 20 && grep -qx "EXIT=2" "$tmp/dumb.exit" &&
		grep -q "terminal 'dumb' cannot clear the screen or move the cursor" \
			"$tmp/dumb.err" &&
		grep -q "use tcpsim run" "$tmp/dumb.err" &&
		capture dumb && ! grep -q "help\|LIMITED" "$tmp/screen"
}
check "TERM=dumb: refused with a message, exit 2, nothing drawn" t_dumb

PLAY_ENV="-u TERM" start noterm "'$SCENARIOS/reader-stall.ini'"
t_no_term() {
	wait_file "$tmp/noterm.exit" 20 && grep -qx "EXIT=2" "$tmp/noterm.exit" &&
		grep -q "TERM is not set" "$tmp/noterm.err" &&
		capture noterm && ! grep -q "help\|LIMITED" "$tmp/screen"
}
check "TERM unset: refused with a message, exit 2, nothing drawn" t_no_term
tm set-option -wg remain-on-exit off

# A scenario whose file name holds escape sequences: one that would set
# the window title to "pwned", one that would clear the screen.  The
# status line shows them as text; the title stays.  (The glob keeps the
# control characters out of tmux's command line.)
mkdir "$tmp/esc" &&
	cp "$SCENARIOS/reader-stall.ini" \
		"$tmp/esc/$(printf 'e\033]2;pwned\007\033[2Jx.ini')" || exit 99
start esc "$tmp/esc/e*.ini"
t_escape_name() {
	wait_for esc "? help" 30 &&
		grep -qF 'e\x1b]2;pwned\x07\x1b[2Jx.ini' "$tmp/screen" &&
		! tm display-message -p -t esc '#{pane_title}' | grep -q pwned &&
		tm send-keys -t esc q && wait_file "$tmp/esc.exit" 10 &&
		grep -qx "EXIT=0" "$tmp/esc.exit"
}
check "control characters in the scenario's name are shown escaped" t_escape_name

t_escape_speed() {
	"$TCPSIM" play "$SCENARIOS/reader-stall.ini" \
		--speed "$(printf '1\033]2;pwned\007')" >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 2 ] && grep -qF '1\x1b]2;pwned\x07' "$tmp/err" &&
		! grep -q "$(printf '\033')" "$tmp/err"
}
check "control characters in --speed are shown escaped" t_escape_speed

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_play.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
