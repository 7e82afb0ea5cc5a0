#!/bin/sh
# SPDX-License-Identifier: ISC
# play.sh: what `tcpsim play` costs, without a terminal (bench/stepback.c).
#
#   make bench-play              (or: sh bench/play.sh [path/to/stepback])
#
# Rows:
#   stepback-1G-600s  milliseconds per step back (the Left key) late in a
#                     600 s 1 Gbit/s run: from 590 s on, 37 ms of the run
#                     between steps, run with the story narrated and
#                     stepped back with every event narrated, as play
#                     does; median and worst of 20 steps.  The
#                     "replay" column goes back by re-running from time 0
#                     (TCPSIM_PLAY_NO_SNAPSHOTS=1, one step: it takes as
#                     long as the run).
#   stepback-1000flows
#                     the same with 1000 flows sharing 10 Gbit/s (their
#                     worst case is over play's budget for snapshots,
#                     the run itself is not: its arena is on trial and
#                     keeps them), from 8 s on, 21 steps.
#   stepback-10000flows
#                     the same with 10 000 flows (bench.sh's
#                     flows10000-10G), from 3 s on, 5 steps: its
#                     snapshots are packed (zstd), within 1 KiB a flow.
#   stepback-sack-heavy
#                     the same with four flows of 256 MiB windows, no
#                     congestion control, at 10 Gbit/s with 10% loss:
#                     SACK recovery with tens of thousands of holes, an
#                     event resending thousands of segments; from 6 s
#                     on, 10 steps (its 40 MB sim: packed snapshots,
#                     spaced by the rows replayed).
#   play-10kflows     peak resident set size of the player with 10 000
#                     flows (bench.sh's flows10000-10G) run to 10 s, in
#                     KiB per flow; beside it `tcpsim run` of the same
#                     scenario, the simulator alone.
# Figures depend on the machine: bench/RESULTS.md keeps them.
set -eu
STEPBACK=${1:-bench/stepback}
TCPSIM=${TCPSIM:-src/tcpsim}
[ -x "$STEPBACK" ] || { echo "bench: no program at $STEPBACK (make bench/stepback)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
cat > "$dir/1g600s.ini" <<'INI'
[simulation]
duration = 600s
[link]
rate = 1Gbit/s
delay = 20ms
queue = 1000 packets
[flow bulk]
receive_buffer = 16MiB
send_buffer = 16MiB
INI
flows() { # flows N: N flows sharing 10 Gbit/s for 10 s, as in bench.sh
	awk -v n="$1" -v d=10s -v w=1MiB -v g=100 'BEGIN {
		printf "[simulation]\nduration = %s\n[link]\nrate = 10Gbit/s\ndelay = 20ms\nqueue = 10000 packets\n", d
		for (i = 0; i < n; i++)
			printf "[flow f%d]\nstart = %dus\nreceive_buffer = %s\nsend_buffer = %s\n", i, i * g, w, w
	}'
}
flows 1000 > "$dir/flows1000.ini"
flows 10000 > "$dir/flows10000.ini"
{
	printf '[simulation]\nduration = 20s\n[link]\nrate = 10Gbit/s\n'
	printf 'delay = 20ms\nqueue = 10000 packets\nloss = 10%%\n'
	for f in a b c d; do
		printf '[flow %s]\nreceive_buffer = 256MiB\n' "$f"
		printf 'send_buffer = 256MiB\ncc = none\n'
	done
} > "$dir/sack4.ini"

echo "stepback-1G-600s (snapshots):"
"$STEPBACK" "$dir/1g600s.ini" 590 20 | sed 's/^/  /'
echo "stepback-1G-600s (replay from time 0):"
TCPSIM_PLAY_NO_SNAPSHOTS=1 "$STEPBACK" "$dir/1g600s.ini" 590 1 | sed 's/^/  /'
echo "stepback-1000flows:"
"$STEPBACK" "$dir/flows1000.ini" 8 21 | sed 's/^/  /'
echo "stepback-10000flows:"
"$STEPBACK" "$dir/flows10000.ini" 3 5 | sed 's/^/  /'
echo "stepback-sack-heavy:"
"$STEPBACK" "$dir/sack4.ini" 6 10 | sed 's/^/  /'
echo "play-10kflows:"
"$STEPBACK" "$dir/flows10000.ini" 10 0 | sed 's/^/  /'
if [ -x /usr/bin/time ] && [ -x "$TCPSIM" ]; then
	/usr/bin/time -f "  tcpsim run alone: peak RSS %M KiB" \
		"$TCPSIM" run "$dir/flows10000.ini" > /dev/null
fi
