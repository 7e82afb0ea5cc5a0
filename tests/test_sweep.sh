#!/bin/sh
# SPDX-License-Identifier: ISC
# test_sweep.sh: `tcpsim sweep`, end to end.
#
# The table has one row per run (the product of the --vary values times
# the seeds) in the product's order, the same bytes for -j 1 and -j 2; a
# combination the scenario refuses is a row with status 2 and its
# message while the others run; bad --vary and --seeds stop the sweep
# before any run (exit 2, no table); Ctrl-C leaves a table of whole rows
# and --resume runs only the rows missing; the jobs of --emit-jobs (run
# one after another by sh) and the body of the --emit-slurm script (run
# for each SLURM_ARRAY_TASK_ID) give, through --collect, the same bytes as
# the local sweep; the table's figures are those of `tcpsim run --json`;
# goodput under random loss follows Mathis et al. within the tolerance
# the lesson allows, and falls as the loss rate rises.  GNU parallel is
# tested by test_sweep_parallel.sh.  Prints cmocka-style totals, which
# check-local adds up.
#
# Environment (set by make check): TCPSIM, the program; SCENARIOS, the
# scenario directory.
set -u

TCPSIM=${TCPSIM:-src/tcpsim}
SCENARIOS=${SCENARIOS:-scenarios}
case $TCPSIM in /*) ;; *) TCPSIM=$(pwd)/$TCPSIM ;; esac
case $SCENARIOS in /*) ;; *) SCENARIOS=$(pwd)/$SCENARIOS ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-sweep-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
cd "$tmp" || exit 99

passed=0
failed=0
run=0
check() {
	name=$1
	shift
	run=$((run + 1))
	echo "[ RUN      ] $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "[       OK ] $name"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $name"
	fi
}

# A lossy link, so that seeds differ; short, so that the test is quick.
cat >lossy.ini <<'EOF'
[simulation]
duration = 3s
[link]
loss = 1%
queue = 50 packets
[flow bulk]
EOF

# 3 queue sizes x 2 algorithms x 3 seeds
sweep_args="lossy.ini --vary link.queue=10pkt,20pkt,40pkt --vary bulk.cc=newreno,cubic --seeds 1-3"

t_rows() {
	"$TCPSIM" sweep $sweep_args -j 1 --out j1.csv 2>err.txt || return 1
	# the header, then 3 * 2 * 3 rows
	[ "$(wc -l <j1.csv)" -eq $((1 + 3 * 2 * 3)) ] || return 1
	head -1 j1.csv | grep -q '^link.queue,bulk.cc,seed,status,error,' &&
		head -1 j1.csv | grep -q ',flow.bulk.goodput_bps,' &&
		head -1 j1.csv | grep -q ',link.queue_mean_delay_ms,' || return 1
	# the product's order: the first --vary slowest, the seed fastest
	expected=$(for q in 10pkt 20pkt 40pkt; do for cc in newreno cubic; do
		for s in 1 2 3; do echo "$q,$cc,$s,0"; done; done; done)
	[ "$(tail -n +2 j1.csv | cut -d, -f1-4)" = "$expected" ] || return 1
	# seeds of one combination are different runs
	[ "$(sed -n 2p j1.csv | cut -d, -f6-)" != "$(sed -n 3p j1.csv | cut -d, -f6-)" ]
}
check "one row per run: 3 x 2 values x 3 seeds, in the product's order" t_rows

t_j2() {
	"$TCPSIM" sweep $sweep_args -j 2 --out j2.csv 2>/dev/null &&
		cmp j1.csv j2.csv
}
check "-j 1 and -j 2 write the same bytes" t_j2

# Column N of a header-named CSV column (no quoted fields in these rows).
col() {
	head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1
}

t_figures_are_json() {
	"$TCPSIM" run lossy.ini --set link.queue=20pkt --set bulk.cc=cubic \
		--set simulation.seed=2 --json >run.json || return 1
	for fig in goodput_bps retransmits srtt_ms; do
		c=$(col j1.csv "flow.bulk.$fig")
		[ -n "$c" ] || return 1
		in_table=$(grep '^20pkt,cubic,2,' j1.csv | cut -d, -f"$c")
		in_json=$(sed -n "s/.*\"$fig\": \([^,]*\),*$/\1/p" run.json | head -1)
		[ -n "$in_table" ] && [ "$in_table" = "$in_json" ] || return 1
	done
}
check "the table's figures are tcpsim run --json's, digit for digit" t_figures_are_json

# A broker: the table has each flow's lag and each relay's figures, as
# `run --json` prints them (its flows' and relays' objects).
cat >broker.ini <<'EOF'
[simulation]
duration = 4s
[flow up]
write_rate = 4Mbit/s
record_size = 1KiB
[flow down]
read_rate = 1Mbit/s
[relay broker]
from = up
to = down
buffer = 10GiB
EOF

t_record_columns() {
	"$TCPSIM" sweep broker.ini --vary down.read_rate=1Mbit/s,2Mbit/s \
		--quiet --out broker.csv || return 1
	"$TCPSIM" run broker.ini --set down.read_rate=2Mbit/s --json \
		>broker.json || return 1
	for pair in flow.down.lag_records:lag_records \
		relay.broker.held_records:held_records; do
		c=$(col broker.csv "${pair%%:*}")
		[ -n "$c" ] || return 1
		in_table=$(grep '^2Mbit/s,' broker.csv | cut -d, -f"$c")
		in_json=$(grep "\"${pair#*:}\": " broker.json | tail -1 |
			sed 's/.*: \([0-9.e+-]*\),*$/\1/')
		[ -n "$in_table" ] && [ "$in_table" = "$in_json" ] || return 1
	done
	# the broker holds the gap between producer and consumer: 3 Mbit/s
	# of it against 2 Mbit/s
	c=$(col broker.csv relay.broker.held_records)
	slow=$(grep '^1Mbit/s,' broker.csv | cut -d, -f"$c")
	fast=$(grep '^2Mbit/s,' broker.csv | cut -d, -f"$c")
	[ "$slow" -gt "$fast" ]
}
check "a broker's sweep has each flow's lag and the relay's figures" t_record_columns

t_failed_row() {
	# on_full = drop needs a finite write_rate: one combination of four
	# is invalid, the three others run
	"$TCPSIM" sweep lossy.ini --vary bulk.write_rate=unlimited,1MB/s \
		--vary bulk.on_full=block,drop --out fail.csv 2>err.txt || return 1
	[ "$(wc -l <fail.csv)" -eq 5 ] &&
		grep -q '^unlimited,drop,1,2,.*write_rate' fail.csv &&
		[ "$(grep -c '^[^,]*,[^,]*,1,0,,' fail.csv)" -eq 3 ] &&
		grep -q "1 of 4 runs failed" err.txt
}
check "an invalid combination is a row with status 2 and its message" t_failed_row

t_bad_vary() {
	for bad in "link.qeue=10pkt" "link.queue=10" "link.queue=" \
		"link.queue=10pkt,,20pkt" "link.queue=10..5:1pkt" \
		"link.queue=10pkt..20B" "link.queue=1..5:0" "bulk.cc=newreno,fast" \
		"simulation.seed=1,2" "nosuchflow.cc=cubic" "link.queue"; do
		"$TCPSIM" sweep lossy.ini --vary "$bad" --out bad.csv 2>err.txt
		rc=$?
		if [ $rc -ne 2 ] || [ -e bad.csv ] || [ ! -s err.txt ]; then
			echo "--vary $bad: exit $rc"
			cat err.txt
			return 1
		fi
	done
	"$TCPSIM" sweep lossy.ini --vary link.qeue=10pkt --out bad.csv 2>err.txt
	grep -q "did you mean 'queue'" err.txt || { cat err.txt; return 1; }
	for bad in "3-1" "a-b" "1-" "1,,2" ""; do
		"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic --seeds "$bad" \
			--out bad.csv 2>err.txt
		[ $? -eq 2 ] && [ ! -e bad.csv ] || { echo "--seeds '$bad'"; return 1; }
	done
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic -j 0 --out bad.csv 2>/dev/null
	[ $? -eq 2 ] && [ ! -e bad.csv ]
}
check "bad --vary, --seeds and -j: exit 2 before any run, no table" t_bad_vary

# A range of N values without a unit is one mistake: the first 3 values'
# messages, then one line that counts the rest; every key is checked.
t_bad_range() {
	n=500
	"$TCPSIM" sweep lossy.ini --vary "link.queue=1..$n" \
		--vary link.rate=1,2Mbit/s --out bad.csv 2>err.txt
	rc=$?
	[ $rc -eq 2 ] && [ ! -e bad.csv ] || { echo "exit $rc"; return 1; }
	[ "$(grep -c "link.queue = .*has no unit" err.txt)" -eq 3 ] &&
		grep -q "link.queue: $((n - 3)) more of its values are refused ($n of $n in all)" err.txt &&
		[ "$(grep -c "link.rate = 1: .*has no unit" err.txt)" -eq 1 ] &&
		[ "$(wc -l < err.txt)" -eq 5 ] || { cat err.txt; return 1; }
}
check "a range without a unit: three messages and a count" t_bad_range

t_usage() {
	"$TCPSIM" sweep --vary bulk.cc=cubic --out u.csv 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep lossy.ini --out u.csv 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep - --vary bulk.cc=cubic --out u.csv <lossy.ini 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep --collect . --vary bulk.cc=cubic --out u.csv 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic --emit-jobs e --out u.csv 2>/dev/null
	[ $? -eq 2 ] || return 1
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic --format xml --out u.csv 2>/dev/null
	[ $? -eq 2 ] || return 1
	# the table over the scenario itself, or in a directory that is not
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic --out lossy.ini 2>/dev/null
	[ $? -eq 2 ] && grep -q '^\[flow bulk\]' lossy.ini || return 1
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=cubic --out no/such/u.csv 2>err.txt
	[ $? -eq 1 ] && grep -q "cannot write" err.txt && [ ! -e u.csv ] && [ ! -e e ]
}
check "usage errors exit 2; a table that cannot be written exits 1" t_usage

t_ranges() {
	"$TCPSIM" sweep lossy.ini --vary 'link.loss=0.5%..2%:0.5%' \
		--vary 'link.queue=10..30:10 packets' --out range.csv 2>/dev/null ||
		return 1
	[ "$(tail -n +2 range.csv | cut -d, -f1 | uniq | tr '\n' ' ')" = \
		"0.5% 1.0% 1.5% 2.0% " ] &&
		[ "$(tail -n +2 range.csv | cut -d, -f2 | sort -u | tr '\n' ' ')" = \
			"10 packets 20 packets 30 packets " ]
}
check "ranges FROM..TO:STEP with a unit" t_ranges

t_resume() {
	# the first 7 rows, one of them marked: a run made again would lose
	# the mark
	head -8 j1.csv | sed '5s/^\(20pkt\|10pkt\),\([a-z]*\),\([0-9]\),0,,/\1,\2,\3,0,kept,/' >part.csv
	grep -q ',0,kept,' part.csv || return 1
	"$TCPSIM" sweep $sweep_args -j 2 --out part.csv --resume 2>/dev/null ||
		return 1
	grep -q ',0,kept,' part.csv &&
		[ "$(wc -l <part.csv)" -eq 19 ] &&
		[ "$(sed 's/,0,kept,/,0,,/' part.csv)" = "$(cat j1.csv)" ]
}
check "--resume keeps the rows the table holds and runs only the others" t_resume

t_resume_refuses() {
	# a table of another sweep is not completed
	"$TCPSIM" sweep lossy.ini --vary bulk.cc=reno --seeds 1-3 \
		--out j1.csv --resume 2>err.txt
	[ $? -eq 2 ] && grep -q "not this sweep" err.txt && cmp -s j1.csv j2.csv
}
check "--resume refuses a table of another sweep and leaves it alone" t_resume_refuses

t_interrupt() {
	# runs of a few tenths of a second each: Ctrl-C arrives mid-way
	cat >slow.ini <<'EOF'
[simulation]
duration = 600s
[link]
rate = 1Gbit/s
loss = 0.001%
[flow bulk]
receive_buffer = 16MiB
send_buffer = 16MiB
EOF
	args="slow.ini --vary link.loss=0.001%,0.002%,0.003%,0.004% --seeds 1-5"
	"$TCPSIM" sweep $args -j 2 --out int.csv 2>int.err &
	pid=$!
	sleep 1
	kill -INT $pid
	wait $pid
	rc=$?
	[ $rc -eq 130 ] || { echo "exit $rc (the sweep ended before Ctrl-C?)"; return 1; }
	# whole rows only: header, then rows with every column
	n=$(wc -l <int.csv)
	[ "$n" -ge 1 ] && [ "$n" -lt 21 ] || { echo "$n lines"; return 1; }
	cols=$(head -1 int.csv | awk -F, '{print NF}')
	awk -F, -v c="$cols" 'NF != c { exit 1 }' int.csv || return 1
	grep -q "interrupted" int.err || return 1
	cp int.csv before.csv
	"$TCPSIM" sweep $args -j 2 --out int.csv --resume 2>/dev/null || return 1
	"$TCPSIM" sweep $args -j 2 --out whole.csv 2>/dev/null || return 1
	cmp int.csv whole.csv &&
		# every row of the partial table is in the whole one
		[ "$(grep -cxFf before.csv whole.csv)" -eq "$n" ]
}
check "Ctrl-C leaves whole rows; --resume completes the same table" t_interrupt

t_collect_jobs() {
	"$TCPSIM" sweep $sweep_args --emit-jobs jobs >emit.out 2>&1 || return 1
	[ "$(wc -l <jobs/jobs.txt)" -eq 18 ] || return 1
	# each line stands alone: absolute paths, run from anywhere
	grep -q "^'/[^']*' run '/[^']*lossy.ini' " jobs/jobs.txt || return 1
	(cd / && sh "$tmp/jobs/jobs.txt") 2>/dev/null
	"$TCPSIM" sweep --collect jobs --out collected.csv 2>/dev/null &&
		cmp collected.csv j1.csv || return 1
	# a failed run's status and message come through the same
	"$TCPSIM" sweep lossy.ini --vary bulk.write_rate=unlimited,1MB/s \
		--vary bulk.on_full=block,drop --emit-jobs failjobs >/dev/null 2>&1 &&
		sh failjobs/jobs.txt 2>/dev/null
	"$TCPSIM" sweep --collect failjobs --out failcollected.csv 2>/dev/null &&
		cmp failcollected.csv fail.csv
}
check "--emit-jobs run by sh, then --collect: the local table's bytes" t_collect_jobs

t_collect_slurm() {
	"$TCPSIM" sweep $sweep_args --emit-slurm slurm >/dev/null 2>&1 ||
		return 1
	grep -q '^#SBATCH --array=1-18$' slurm/sweep.sbatch || return 1
	i=1
	while [ $i -le 18 ]; do
		SLURM_ARRAY_TASK_ID=$i sh slurm/sweep.sbatch 2>/dev/null
		i=$((i + 1))
	done
	"$TCPSIM" sweep --collect slurm --out slurm.csv 2>/dev/null &&
		cmp slurm.csv j1.csv
}
check "the Slurm script's body for each task, then --collect: same bytes" t_collect_slurm

t_collect_partial() {
	"$TCPSIM" sweep $sweep_args --emit-jobs half >/dev/null 2>&1 || return 1
	head -5 half/jobs.txt | sh 2>/dev/null
	"$TCPSIM" sweep --collect half --out half.csv 2>err.txt
	[ $? -eq 1 ] && grep -q "13 of 18 runs have no outcome" err.txt &&
		[ "$(cat half.csv)" = "$(head -6 j1.csv)" ]
}
check "--collect with runs missing: the others, and exit 1" t_collect_partial

t_jsonl() {
	"$TCPSIM" sweep $sweep_args -j 2 --format jsonl --out t.jsonl 2>/dev/null ||
		return 1
	[ "$(wc -l <t.jsonl)" -eq 18 ] &&
		head -1 t.jsonl | grep -q '^{"link.queue":"10pkt","bulk.cc":"newreno","seed":1,"status":0,"error":null,' &&
		"$TCPSIM" sweep --collect jobs --format jsonl --out c.jsonl 2>/dev/null &&
		cmp t.jsonl c.jsonl || return 1
	# resumed from its first 5 rows: the same table
	head -5 t.jsonl >r.jsonl
	"$TCPSIM" sweep $sweep_args --format jsonl --out r.jsonl --resume \
		2>/dev/null && cmp t.jsonl r.jsonl || return 1
	if command -v python3 >/dev/null 2>&1; then
		python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 18 and all(r["status"] == 0 for r in rows)
assert all(r["flow.bulk.goodput_bps"] > 0 for r in rows)
' t.jsonl || return 1
	fi
}
check "--format jsonl: a JSON object per run; --collect gives the same" t_jsonl

# Mathis et al. (1997): goodput = (MSS / RTT) sqrt(3 / (2b)) / sqrt(p).
# lossy-link.ini: 10 Mbit/s, 20 ms each way, a Linux host (b = 1: it
# counts bytes acknowledged).  RTT = 2 x 20 ms + one packet of MSS + 40 B
# at 10 Mbit/s (the ACK path is unlimited): the windows the formula
# gives at these loss rates (1.22 / sqrt(p) < 25 segments) stay below the
# BDP (35 packets), so no queue adds to it.  The formula models the
# sawtooth without timeouts and with losses evenly spaced; random losses
# and the timeouts they bring move the result by up to 35% (the
# tolerance the lesson states, properties.md F.26).  The mean of 3 seeds
# is compared; goodput must also fall as p rises.
t_mathis() {
	"$TCPSIM" sweep "$SCENARIOS/lossy-link.ini" --set simulation.duration=60s \
		--vary 'link.loss=0.25%,0.5%,1%,2%' --seeds 1-3 -j 2 \
		--out mathis.csv 2>/dev/null || return 1
	mss=$("$TCPSIM" check "$SCENARIOS/lossy-link.ini" |
		sed -n 's/.*, mss \([0-9]*\) B.*/\1/p' | head -1)
	[ -n "$mss" ] || return 1
	g=$(col mathis.csv flow.bulk.goodput_bps)
	tail -n +2 mathis.csv | awk -F, -v g="$g" -v mss="$mss" '
		function pct(s) { sub(/%$/, "", s); return s / 100 }
		{ sum[$1] += $g; n[$1]++; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
		END {
			# a packet: mss, 40 B of headers, 12 of timestamps
			rtt = 2 * 0.020 + (mss + 40 + 12) * 8 / 10e6
			prev = 1e18
			for (i = 1; i <= k; i++) {
				p = pct(order[i]); mean = sum[order[i]] / n[order[i]]
				mathis = mss * 8 / rtt * sqrt(3 / 2) / sqrt(p)
				printf "p = %s: goodput %.3f Mbit/s, Mathis %.3f Mbit/s (%+.0f%%)\n", \
					order[i], mean / 1e6, mathis / 1e6, (mean / mathis - 1) * 100
				if (mean < 0.65 * mathis || mean > 1.35 * mathis) bad = 1
				if (mean >= prev) bad = 1
				prev = mean
			}
			exit bad
		}'
}
check "goodput under random loss: Mathis within 35%, falling with p" t_mathis

echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" -eq 0 ] || echo "[  FAILED  ] $failed test(s)."
echo "test_sweep.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
