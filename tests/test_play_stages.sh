#!/bin/sh
# SPDX-License-Identifier: ISC
# test_play_stages.sh: `tcpsim play` on a pipeline of several hops, end to
# end in tmux (as test_play_views.sh).
#
# A producer writes into `upload`, a relay with a 256 KiB store forwards
# into `download`, and download's consumer stops at 1 s.  Play opens on
# the pipeline view; once the stall has crossed the relay the stages show
# the producer BLOCKED, the relay FULL and the consumer STOPPED, and the
# banner names the chain down to its root cause: in full where it fits
# (140 columns), first and last step where it does not (80), in ASCII
# arrows with LANG=C.  v goes on to the charts.  Prints cmocka-style
# totals.
#
# Environment (set by make check): TCPSIM, HAVE_NCURSES.
# Skipped (77) without tmux or without ncurses.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
here=$(cd "$(dirname "$0")" && pwd)

if [ "${HAVE_NCURSES:-yes}" = no ]; then
	echo "test_play_stages.sh: tcpsim was built without ncurses: skipped"
	exit 77
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "test_play_stages.sh: tmux is not installed: skipped"
	exit 77
fi

sock="tcpsimstages-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-stages-test.XXXXXX")
LSAN_OPTIONS="suppressions=$here/lsan-ncurses.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

PLAY_GREP=-Eq
. "$here/play-lib.sh"

cat >"$tmp/chain.ini" <<'INI' || exit 99
[simulation]
duration = 20s
[link]
rate = 10Mbit/s
delay = 10ms
[flow upload]
write_rate = 4Mbit/s
record_size = 1KiB
[flow download]
read_rate = 3Mbit/s
[relay proxy]
from = upload
to = download
buffer = 256KiB
[timeline]
1s: download.read_rate = 0
INI

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

tm new-session -d -s keepalive "sleep 3600" || exit 99
printf '#!/bin/sh\necho $$ >"$1"\nshift\nexec "$@"\n' >"$tmp/pid.sh" &&
	chmod +x "$tmp/pid.sh" || exit 99

# The stall, stage by stage, and the banner's chain ($2: what the banner
# must show), then v to the charts.
t_stall() {
	s=$1 banner=$2
	wait_for "$s" "PRODUCER +upload" 30 &&
		wait_for "$s" "STOPPED" 60 &&
		wait_for "$s" "FULL 256K" 60 &&
		wait_for "$s" "^ BLOCKED +snd" 60 &&
		wait_for "$s" "$banner" 60 &&
		tm send-keys -t "$s" v && wait_for "$s" "GOODPUT" 10 &&
		! grep -Eq "PRODUCER +upload" "$tmp/screen" &&
		quit "$s"
}

start wide 140 40 C.UTF-8 "'$tmp/chain.ini'" --speed 10
check "140x40: the stall crosses the relay; the banner names every step" \
	t_stall wide "LIMITED BY: ZERO WINDOW ← proxy: buffer full ← download: zero window ← consumer stopped"
start narrow 80 24 C.UTF-8 "'$tmp/chain.ini'" --speed 10
check "80x24: the banner keeps the first and the last step" \
	t_stall narrow "LIMITED BY: ZERO WINDOW ← \.\.\. ← consumer stopped"
start ascii 140 40 C "'$tmp/chain.ini'" --speed 10
check "ASCII: the same chain with <- arrows" \
	t_stall ascii "LIMITED BY: ZERO WINDOW <- proxy: buffer full <- download: zero window <- consumer stopped"

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_play_stages.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
