#!/bin/sh
# bench.sh: simulated segments per wall-clock second and peak memory.
#
#   make bench            (or: sh bench/bench.sh path/to/tcpsim)
#
# Each scenario runs REPEAT times (default 3); the table shows the median
# wall time, data segments sent, segments and events per wall second, and
# the peak resident set size.  Figures depend on the machine: compare them
# on one machine, from commit to commit.  Nothing here is a test.
set -eu
TCPSIM=${1:-src/tcpsim}
REPEAT=${REPEAT:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

cat > "$dir/gig60.ini" <<'INI'
# one bulk NewReno flow, 1 Gbit/s, 60 s
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
sed 's/duration = 60s/duration = 600s/' "$dir/gig60.ini" > "$dir/gig600.ini"
sed 's/^\[flow bulk\]$/[flow bulk]\ncc = cubic/' "$dir/gig60.ini" > "$dir/cubic60.ini"
cat > "$dir/ns3.ini" <<'INI'
# the usual reference: NewReno, 100 Mbit/s, 20 ms, 343-packet queue, 80 s
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
cat > "$dir/lossy.ini" <<'INI'
# a lossy 100 Mbit/s link, 1% random loss, 60 s
[simulation]
duration = 60s
[link]
rate = 100Mbit/s
delay = 20ms
loss = 1%
[flow bulk]
receive_buffer = 4MiB
INI

json_field() { # json_field NAME < file: first numeric value of "NAME"
	sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -n 1
}
sum_field() { # sum of every "NAME": N in the file
	grep -o "\"$1\": *[0-9]*" | sed 's/.*: *//' | awk '{s += $1} END {print s + 0}'
}

printf '%-26s %9s %12s %14s %14s %10s %10s\n' scenario wall_s segments seg/wall_s events/wall_s ns/event peak_RSS
for name in ns3 gig60 gig600 cubic60 lossy; do
	: > "$dir/times"
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		start=$(date +%s.%N)
		/usr/bin/time -f '%M' -o "$dir/t" "$TCPSIM" run "$dir/$name.ini" --json > "$dir/out.json"
		end=$(date +%s.%N)
		echo "$start $end $(cat "$dir/t")" | awk '{ printf "%.6f %d\n", $2 - $1, $3 }' >> "$dir/times"
		i=$((i + 1))
	done
	segs=$(sum_field segments_sent < "$dir/out.json")
	events=$(json_field events < "$dir/out.json")
	sort -n "$dir/times" | awk -v n="$REPEAT" -v segs="$segs" -v ev="$events" -v name="$name" '
		{ w[NR] = $1; if ($2 > rss) rss = $2 }
		END {
			med = w[int((n + 1) / 2)]; if (med <= 0) med = 0.001
			printf "%-26s %9.4f %12d %14.0f %14.0f %10.1f %8.1f MB  (wall %.4f..%.4f s)\n",
				name, med, segs, segs / med, ev / med, med * 1e9 / ev, rss / 1024, w[1], w[n]
		}'
done
