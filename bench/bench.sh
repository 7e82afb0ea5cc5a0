#!/bin/sh
# SPDX-License-Identifier: ISC
# bench.sh: how fast tcpsim simulates, and how much memory it needs.
#
#   make bench                       (or: sh bench/bench.sh [path/to/tcpsim])
#   REPEAT=7 sh bench/bench.sh       more runs per scenario (default 5)
#   sh bench/bench.sh --record       store the results' fingerprints
#   ONLY='1G-60s ns3+pcap' sh bench/bench.sh   only the rows named
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
#
# Then the ratios the speed targets are stated in, from this one run's
# medians: each output against the bare run of the same scenario (also
# written to /dev/null, which leaves out the kernel's copying of a
# 400 MB log or a 1 GB capture into a file), 10 000 and 1000 flows
# against one flow per segment, the corner cases against the lossless
# 1 Gbit/s run per segment, and the reference case's time per segment.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
record=no
if [ "${1:-}" = "--record" ]; then record=yes; shift; fi
TCPSIM=${1:-src/tcpsim}
if [ "$record" = yes ] && [ -n "${ONLY:-}" ]; then
	echo "bench: --record writes every row: run it without ONLY" >&2
	exit 1
fi
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
# The same with six flows that start in the last second: their first
# writes wait 79 s ahead, beyond the timer wheel's 4.4 s, the whole run.
cp "$dir/ns3.ini" "$dir/ns3late.ini"
for i in 1 2 3 4 5 6; do
	printf '[flow late%d]\nstart = 79s\nwrite_total = 1KB\n' "$i" >> "$dir/ns3late.ini"
done
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
# The same 100 flows, 1% of packets lost on the link: recovery's cost
# per segment (SACK, the out-of-order store) against none.
sed 's/^queue = 2000 packets$/queue = 2000 packets\nloss = 1%/' "$dir/100flows.ini" > "$dir/100lossy.ini"
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
# Scaling: a window of 8 bandwidth-delay products (10 Gbit/s x 40 ms =
# 50 MB; 400 MiB) overshoots in slow start and drops long runs of
# segments, so the receiver holds many out-of-order ranges at once.
cat > "$dir/10g8bdp.ini" <<'INI'
[simulation]
duration = 10s
[link]
rate = 10Gbit/s
delay = 20ms
queue = 10000 packets
[flow bulk]
receive_buffer = 400MiB
send_buffer = 400MiB
INI
# A 100 000-packet queue (145 MB, 1.2 s at 1 Gbit/s) and a window that
# fills it: long queueing delay, then one huge burst of drops.
cat > "$dir/q100k.ini" <<'INI'
[simulation]
duration = 20s
[link]
rate = 1Gbit/s
delay = 20ms
queue = 100000 packets
[flow bulk]
receive_buffer = 400MiB
send_buffer = 400MiB
INI
# The SACK scoreboard at its largest: a 1 GiB window held open (no
# congestion control) over a path losing 10% of its packets, so that the
# sender's board holds tens of thousands of holes, filled one by one by
# retransmissions (themselves lost 10% of the time); and the same without
# SACK, the cost per segment to compare with.
cat > "$dir/sack1g.ini" <<'INI'
[simulation]
duration = 2s
[link]
rate = 10Gbit/s
delay = 20ms
queue = 100000 packets
loss = 10%
[flow bulk]
cc = none
sack = on
receive_buffer = 1GiB
send_buffer = 1GiB
INI
sed 's/^sack = on$/sack = off/' "$dir/sack1g.ini" > "$dir/nosack1g.ini"
# N flows sharing 10 Gbit/s, starting 100 us apart; flows1.ini, one flow
# with a 64 MiB window that fills the link, is the cost per segment to
# compare with.
flows() { # flows N DURATION WINDOW SPACING_US: a scenario of N flows
	awk -v n="$1" -v d="$2" -v w="$3" -v g="$4" 'BEGIN {
		printf "[simulation]\nduration = %s\n[link]\nrate = 10Gbit/s\ndelay = 20ms\nqueue = 10000 packets\n", d
		for (i = 0; i < n; i++)
			printf "[flow f%d]\nstart = %dus\nreceive_buffer = %s\nsend_buffer = %s\n", i, i * g, w, w
	}'
}
flows 1 10s 64MiB 100 > "$dir/flows1.ini"
flows 1000 10s 1MiB 100 > "$dir/flows1000.ini"
flows 10000 10s 1MiB 100 > "$dir/flows10000.ini"
# Loading: 10 000 flows and 100 000 timeline lines naming them (the
# simulation itself is short: what this row measures is the parser).
{
	flows 10000 100ms 1MiB 0
	awk 'BEGIN {
		print "[timeline]"
		for (i = 0; i < 100000; i++)
			printf "%dus: f%d.read_rate = %dMB/s\n", 50000 + i / 10, (i * 7919) % 10000, 1 + i % 50
	}'
} > "$dir/timeline.ini"

# Backpressure across hops at the largest size: a chain of 10 000 flows
# joined by 9999 relays (each relay reads one flow and writes the next),
# with the time series, whose every sample asks each relay how old the
# oldest byte downstream of it is.
awk 'BEGIN {
	print "[simulation]\nduration = 1s\n[link]\nrate = 10Gbit/s\ndelay = 1ms"
	for (i = 0; i < 10000; i++)
		printf "[flow f%d]\n", i
	for (i = 0; i < 9999; i++)
		printf "[relay r%d]\nfrom = f%d\nto = f%d\n", i, i, i + 1
}' > "$dir/relays10k.ini"
# 8000 short flows (20 KB each) into a 100 000-packet queue, bare and
# captured: the capture closes each flow once none of its packets is on
# a link (it looked at every packet on every link for that: quadratic).
awk 'BEGIN {
	printf "[simulation]\nduration = 1s\n[link]\nrate = 10Gbit/s\ndelay = 5ms\nqueue = 100000 packets\n"
	for (i = 0; i < 8000; i++)
		printf "[flow f%d]\nwrite_total = 20KB\n", i
}' > "$dir/short8000.ini"

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
	case " ${ONLY:-$label} " in
	*" $label "*) ;;
	*) return 0 ;;
	esac
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
	# the summary, and every output file the options wrote
	print=$({
		grep -v -e '"scenario"' -e '"events"' -e '"tcpsim_version"' -e '"schema_version"' "$dir/out.json"
		for o in "$dir"/out.csv "$dir"/out.events "$dir"/out.pcap; do
			if [ -f "$o" ]; then cat "$o"; fi
		done
	} | cksum | cut -d' ' -f1)
	rm -f "$dir"/out.csv "$dir"/out.events "$dir"/out.pcap
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
	sort -n "$dir/times" | awk -v n="$REPEAT" -v segs="$segs" \
		-v name="$label" '{ w[NR] = $1 }
		END { print name, w[int((n + 1) / 2)], segs }' >> "$dir/medians"
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
bench ns3 ns3+csv1ms --csv "$dir/out.csv" --set simulation.sample_interval=1ms
bench ns3 ns3+events --events "$dir/out.events"
bench ns3 ns3+pcap --pcap "$dir/out.pcap"
bench ns3 ns3+events-null --events /dev/null
bench ns3 ns3+pcap-null --pcap /dev/null
bench ns3late ns3+6-late-flows
bench 1g60s 1G-60s
bench 1g600s 1G-600s
bench 10g10s 10G-10s-16MiB
bench 100flows 100flows-1G
bench lossy lossy-1%
bench 100lossy 100flows-1G-1%
bench cubic60s cubic-1G-60s
bench 10g8bdp 10G-10s-8xBDP
bench q100k 1G-20s-q100k
bench sack1g sack-10G-1GiB-10%
bench nosack1g nosack-10G-1GiB-10%
bench flows1 flows1-10G
bench flows1000 flows1000-10G
bench flows10000 flows10000-10G
bench timeline timeline-10kflows
bench relays10k relays-10k-chain --csv "$dir/out.csv"
bench short8000 short-8000-flows
bench short8000 short-8000+pcap-null --pcap /dev/null

# ratio TARGET LABEL BASE [per-segment]: LABEL's median over BASE's
ratio() {
	awk -v a="$2" -v b="$3" -v per="${4:-}" -v target="$1" '
		{ med[$1] = $2; segs[$1] = $3 }
		END {
			if (!(a in med) || !(b in med)) exit
			x = med[a]; y = med[b]
			if (per != "") { x /= segs[a]; y /= segs[b] }
			printf "  %-18s / %-14s %6.2fx  (target %s)\n", a, b, x / y, target
		}' "$dir/medians"
}
if [ -s "$dir/medians" ]; then
	echo
	echo "ratios (wall time; per segment where it says so):"
	ratio "<= 1.1x" ns3+csv ns3-100M-80s
	ratio "<= 1.1x" ns3+csv1ms ns3-100M-80s
	ratio "<= 2x" ns3+events ns3-100M-80s
	ratio "<= 2x" ns3+events-null ns3-100M-80s
	ratio "<= 2x" ns3+pcap ns3-100M-80s
	ratio "<= 2x" ns3+pcap-null ns3-100M-80s
	ratio "<= 2x" short-8000+pcap-null short-8000-flows
	ratio "none" ns3+6-late-flows ns3-100M-80s
	ratio "<= 1.5x, per segment" flows10000-10G flows1-10G per
	ratio "none, per segment" flows1000-10G flows1-10G per
	for corner in 10G-10s-8xBDP 1G-20s-q100k 10G-10s-16MiB; do
		ratio "<= 2x, per segment" "$corner" 1G-60s per
	done
	ratio "<= 2x, per segment" 100flows-1G-1% 100flows-1G per
	ratio "<= 2x, per segment" sack-10G-1GiB-10% 1G-60s per
	ratio "none, per segment" sack-10G-1GiB-10% nosack-10G-1GiB-10% per
	awk '$1 == "ns3-100M-80s" && $3 > 0 {
		printf "  ns3-100M-80s: %.0f ns per segment (target <= 50)\n", $2 * 1e9 / $3
	}' "$dir/medians"
fi
if [ "$record" = yes ]; then
	mv "$dir/expected.new" "$expected"
	echo "bench: fingerprints written to $expected"
fi
