#!/bin/sh
# SPDX-License-Identifier: ISC
# compare.sh: the reference case (100 Mbit/s, 20 ms one way, a 343-packet
# queue, NewReno with SACK, an 80 s bulk transfer) in ns-3 and in tcpsim,
# and how much faster tcpsim simulates it.
#
#   make bench-ns3      (or: sh bench/ns3/compare.sh [path/to/tcpsim])
#
# ns-3 is optional: the program (bench/ns3/reference.cc) is built here,
# when pkg-config finds Debian's libns3-dev (apt-get install libns3-dev
# ns3), and never by make; without it this says so and exits 0.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TCPSIM=${1:-src/tcpsim}
DURATION=${DURATION:-80}
modules="ns3-core ns3-network ns3-internet ns3-point-to-point ns3-applications ns3-traffic-control"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM

[ -x "$TCPSIM" ] || { echo "compare: no program at $TCPSIM (run make first)" >&2; exit 1; }
if ! command -v pkg-config > /dev/null 2>&1 || ! pkg-config --exists $modules; then
	echo "compare: ns-3 is not installed (apt-get install libns3-dev ns3): skipped"
	exit 0
fi
CXX=${CXX:-c++}
# Debian's .pc files name GSL's libraries by path, and libns3-dev does not
# bring libgsl-dev: leave out any library file that is not there (the
# modules used here do not need it).
libs=
for word in $(pkg-config --libs $modules); do
	case $word in
	/*) [ -e "$word" ] || continue ;;
	esac
	libs="$libs $word"
done
# shellcheck disable=SC2046,SC2086
$CXX -O2 -o "$dir/reference" "$here/reference.cc" $(pkg-config --cflags $modules) $libs

now() { date +%s.%N; }

start=$(now)
"$dir/reference" --duration="$DURATION" > "$dir/ns3.out"
end=$(now)
ns3_wall=$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')
ns3_segs=$(awk '$1 == "segments" { print $2 }' "$dir/ns3.out")
ns3_bytes=$(awk '$1 == "delivered_bytes" { print $2 }' "$dir/ns3.out")

cat > "$dir/ref.ini" <<INI
[simulation]
duration = ${DURATION}s
[link]
rate = 100Mbit/s
delay = 20ms
queue = 343 packets
[flow bulk]
cc = newreno
sack = on
receive_buffer = 16MiB
send_buffer = 16MiB
INI
start=$(now)
"$TCPSIM" run "$dir/ref.ini" --json > "$dir/tcpsim.json"
end=$(now)
sim_wall=$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')
sim_segs=$(grep -o '"segments_sent": *[0-9]*' "$dir/tcpsim.json" | sed 's/.*: *//' | awk '{ s += $1 } END { print s + 0 }')
sim_bytes=$(grep -o '"delivered_bytes": *[0-9]*' "$dir/tcpsim.json" | sed 's/.*: *//' | awk '{ s += $1 } END { print s + 0 }')

printf '%-8s %9s %12s %16s %14s\n' program wall_s segments delivered_bytes segments/s
echo "ns-3 $ns3_wall $ns3_segs $ns3_bytes" | awk '{ printf "%-8s %9.3f %12d %16d %14.0f\n", $1, $2, $3, $4, $3 / $2 }'
echo "tcpsim $sim_wall $sim_segs $sim_bytes" | awk '{ printf "%-8s %9.3f %12d %16d %14.0f\n", $1, $2, $3, $4, $3 / $2 }'
echo "$ns3_wall $ns3_segs $sim_wall $sim_segs" | awk '{
	printf "tcpsim is %.0fx faster in wall time, %.0fx in segments per second\n",
		$1 / $3, ($4 / $3) / ($2 / $1) }'
