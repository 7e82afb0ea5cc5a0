# SPDX-License-Identifier: ISC
# play-lib.sh: what the tmux checks of `tcpsim play` share, sourced by
# tests/test_play*.sh and tests/test_lesson_play.sh.  The caller sets
# sock (the tmux server's socket name) and tmp (a scratch directory,
# removed on exit), and PLAY_GREP=-Eq to match screens with extended
# regular expressions instead of fixed strings; it defines start().
# Results are printed as cmocka's lines, counted in passed, failed, run.
tm() {
	tmux -L "$sock" -f /dev/null "$@"
}
cleanup() {
	tm kill-server >/dev/null 2>&1
	# a play that hung despite it all must not outlive the test
	for f in "$tmp"/*.pid; do
		[ -f "$f" ] && [ ! -f "${f%.pid}.exit" ] &&
			kill -KILL "$(cat "$f")" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

passed=0
failed=0
run=0
check() {
	name=$1
	shift
	run=$((run + 1))
	echo "[ RUN      ] $name"
	rm -f "$tmp/screen"
	if "$@"; then
		passed=$((passed + 1))
		echo "[       OK ] $name"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $name"
		if [ -f "$tmp/screen" ]; then
			echo "--- screen:"
			cat "$tmp/screen"
			echo "---"
		fi
	fi
}

# The screen of session $1, into $tmp/screen.
capture() {
	tm capture-pane -p -t "$1" >"$tmp/screen" 2>/dev/null
}

# Wait up to $3 seconds for text $2 on the screen of session $1 (a
# fixed string, or an extended regular expression with PLAY_GREP=-Eq).
wait_for() {
	i=0
	while [ "$i" -lt $(($3 * 10)) ]; do
		capture "$1" && grep ${PLAY_GREP:--q} -- "$2" "$tmp/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Wait up to $2 seconds for one screen of session $1 showing every text
# that follows: a frame caught half drawn is looked at again, where
# wait_for and a grep of the same capture would fail on it.
wait_all() {
	wa_session=$1
	wa_limit=$(($2 * 10))
	shift 2
	i=0
	while [ "$i" -lt "$wa_limit" ]; do
		if capture "$wa_session"; then
			wa_ok=yes
			for wa_text in "$@"; do
				grep ${PLAY_GREP:--q} -- "$wa_text" "$tmp/screen" ||
					{ wa_ok=no; break; }
			done
			[ "$wa_ok" = yes ] && return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Wait up to $3 seconds for text $2 to leave the screen of session $1.
wait_gone() {
	i=0
	while [ "$i" -lt $(($3 * 10)) ]; do
		capture "$1" && ! grep ${PLAY_GREP:--q} -- "$2" "$tmp/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Wait up to $2 seconds for file $1.
wait_file() {
	i=0
	while [ "$i" -lt $(($2 * 10)) ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
