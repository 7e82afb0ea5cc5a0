#!/bin/sh
# SPDX-License-Identifier: ISC
# bench.sh: how fast tcpsim simulates, and how much memory it needs.
#
#   make bench                       (or: sh bench/bench.sh [path/to/tcpsim])
#   REPEAT=7 sh bench/bench.sh       more runs per scenario (default 5)
#   sh bench/bench.sh --record       store the results' fingerprints
#
# Each scenario runs REPEAT times.  The table shows the median wall time
# and its spread (min..max), the data segments sent, segments and events
# per wall-clock second, nanoseconds per event, and the peak resident set
# size.  Figures depend on the machine: compare them on one machine, from
# commit to commit (bench/RESULTS.md keeps them).  Nothing here is a test.
#
# The last column checks that an optimisation changed nothing: the JSON
# summary of each run (scenario name and event count aside) is hashed and compared with
# bench/expected.txt, written by --record.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
record=no
if [ "${1:-}" = "--record" ]; then record=yes; shift; fi
TCPSIM=${1:-src/tcpsim}
REPEAT=${REPEAT:-5}
expected="$here/expected.txt"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -x "$TCPSIM" ] || { echo "bench: no program at $TCPSIM (run make first)" >&2; exit 1; }

# The usual reference: one NewReno bulk flow, 100 Mbit/s, 20 ms one way,
# a 343-packet queue, delayed ACKs, 80 s (ns-3 needs about 24 s of wall
# time for it on this kind of machine: ~27 000 segments per second).
cat > "$dir/ns3.ini" <<'INI'
[simulation]
duration = 80s
[link]
rate = 100Mbit/s
delay = 20ms
queue = 343 packets
[flow bulk]
receive_buffer = 16MiB
send_buffer = 16MiB
INI
cat > "$dir/1g60s.ini" <<'INI'
[simulation]
duration = 60s
[link]
rate = 1Gbit/s
delay = 20ms
queue = 1000 packets
[flow bulk]
receive_buffer = 16MiB
send_buffer = 16MiB
INI
sed 's/duration = 60s/duration = 600s/' "$dir/1g60s.ini" > "$dir/1g600s.ini"
cat > "$dir/10g10s.ini" <<'INI'
[simulation]
duration = 10s
[link]
rate = 10Gbit/s
delay = 20ms
queue = 10000 packets
[flow bulk]
receive_buffer = 16MiB
send_buffer = 16MiB
INI
{
	printf '[simulation]\nduration = 30s\n[link]\nrate = 1Gbit/s\ndelay = 20ms\nqueue = 2000 packets\n'
	i=0
	while [ "$i" -lt 100 ]; do
		printf '[flow f%d]\nstart = %dms\nreceive_buffer = 1MiB\n' "$i" $((i * 10))
		i=$((i + 1))
	done
} > "$dir/100flows.ini"
cat > "$dir/lossy.ini" <<'INI'
[simulation]
duration = 60s
[link]
rate = 100Mbit/s
delay = 20ms
loss = 1%
[flow bulk]
receive_buffer = 4MiB
INI
sed 's/^\[flow bulk\]$/[flow bulk]\ncc = cubic/' "$dir/1g60s.ini" > "$dir/cubic60s.ini"

sum_field() { # the sum of every "NAME": N in standard input
	grep -o "\"$1\": *[0-9]*" | sed 's/.*: *//' | awk '{s += $1} END {print s + 0}'
}
field() { # the first "NAME": N in standard input
	grep -o "\"$1\": *[0-9.eE+-]*" | head -n 1 | sed 's/.*: *//'
}

# bench NAME LABEL [OPTIONS...]: REPEAT runs, one line of the table.
bench() {
	name=$1 label=$2
	shift 2
	: > "$dir/times"
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		start=$(date +%s.%N)
		/usr/bin/time -f '%M' -o "$dir/rss" "$TCPSIM" run "$dir/$name.ini" --json "$@" > "$dir/out.json"
		end=$(date +%s.%N)
		echo "$start $end $(cat "$dir/rss")" | awk '{ printf "%.6f %d\n", $2 - $1, $3 }' >> "$dir/times"
		i=$((i + 1))
	done
	segs=$(sum_field segments_sent < "$dir/out.json")
	events=$(field events < "$dir/out.json")
	print=$(grep -v -e '"scenario"' -e '"events"' -e '"tcpsim_version"' -e '"schema_version"' "$dir/out.json" | cksum | cut -d' ' -f1)
	if [ "$record" = yes ]; then
		echo "$label $print" >> "$dir/expected.new"
		check=recorded
	elif [ -f "$expected" ]; then
		want=$(awk -v l="$label" '$1 == l { print $2 }' "$expected")
		if [ -z "$want" ]; then check=new
		elif [ "$want" = "$print" ]; then check=same
		else check=CHANGED
		fi
	else
		check=-
	fi
	sort -n "$dir/times" | awk -v n="$REPEAT" -v segs="$segs" -v ev="$events" \
		-v name="$label" -v check="$check" '
		{ w[NR] = $1; if ($2 > rss) rss = $2 }
		END {
			med = w[int((n + 1) / 2)]
			printf "%-18s %8.4f %6.4f..%-7.4f %10d %12.0f %12.0f %7.1f %7.1f  %s\n",
				name, med, w[1], w[n], segs, segs / med, ev / med,
				med * 1e9 / ev, rss / 1024, check
		}'
}

printf '%-18s %8s %15s %10s %12s %12s %7s %7s  %s\n' scenario wall_s min..max segments seg/s events/s ns/ev RSS_MB results
bench ns3 ns3-100M-80s
bench ns3 ns3+csv --csv "$dir/out.csv"
bench ns3 ns3+events --events "$dir/out.events"
bench 1g60s 1G-60s
bench 1g600s 1G-600s
bench 10g10s 10G-10s-16MiB
bench 100flows 100flows-1G
bench lossy lossy-1%
bench cubic60s cubic-1G-60s
if [ "$record" = yes ]; then
	mv "$dir/expected.new" "$expected"
	echo "bench: fingerprints written to $expected"
fi
