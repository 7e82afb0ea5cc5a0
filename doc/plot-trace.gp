# plot-trace.gp: draw a tcpsim time series as a PNG, in four panels.
#
#   tcpsim run reader-stall.ini --csv trace.csv --quiet
#   gnuplot -e "csv='trace.csv'; out='trace.png'" doc/plot-trace.gp
#
# Panels, on one time axis:
#   windows  cwnd_bytes (solid), rwnd_bytes (dashed) and ssthresh_bytes
#            (dotted, once a loss has set it), in KB, one colour per flow
#   buffers  send_buffer_bytes (solid) and recv_buffer_bytes (dashed), KB:
#            where backpressure shows
#   queue    queue_packets at the bottleneck (one queue, shared by all)
#   goodput  each flow's goodput in Mbit/s, from delivered_bytes averaged
#            over `avg` seconds (the goodput_bps column is per sample and
#            jumps with every delayed ACK)
#
# Variables (-e "name=value; ..."):
#   csv     the CSV file written by `tcpsim run --csv` (required)
#   out     the PNG to write (default: csv with .png appended)
#   flow    plot only this flow (default: every flow, one line each)
#   avg     seconds per goodput point (default 0.5)
#   width, height   pixels (default 1000 x 1100)
#
# The CSV opens with '#' lines (version, scenario, seed) and a header row;
# a field is empty where there is no value: cwnd_bytes with cc = none,
# ssthresh_bytes before the first loss, srtt_ms before the first sample.
# Rows of several flows alternate at each time, so each flow's rows are
# picked out with awk before gnuplot draws them as one line (a filter
# that left gaps instead would break every line).  Needs awk and a
# POSIX shell, as on any Linux or macOS machine.

if (!exists("csv")) {
	print "usage: gnuplot -e \"csv='trace.csv'; out='trace.png'\" plot-trace.gp"
	exit status 2
}
if (!exists("out")) out = csv . ".png"
if (!exists("avg")) avg = 0.5
if (!exists("width")) width = 1000
if (!exists("height")) height = 1100

# ---- what is in the file ------------------------------------------------

# awk over the data rows: skip '#' lines and the header row.
data_awk(prog) = sprintf("awk -F, '/^#/ {next} !header++ {next} %s' '%s'", prog, csv)

flows = exists("flow") ? flow : \
	system(data_awk("!seen[$2]++ {printf \"%s \", $2}"))
if (words(flows) == 0) {
	print sprintf("plot-trace.gp: no data rows in %s", csv)
	exit status 1
}
scenario = system(sprintf("sed -n 's|^# scenario: ||p' '%s' | sed 's|.*/||' | head -n 1", csv))
seed = system(sprintf("sed -n 's|^# seed: ||p' '%s' | head -n 1", csv))

# The largest value of column c over every flow (0 if none).
largest(c) = real(system(data_awk(sprintf("$%d != \"\" && $%d + 0 > m {m = $%d + 0} END {print m + 0}", c, c, c))))

# Rows of flow f with a non-empty column c (a count, as a string).
count(f, c) = int(system(data_awk(sprintf("$2 == \"%s\" && $%d != \"\" {n++} END {print n + 0}", f, c))))

# The rows of flow f, header first, as a data source for plot.
rows(f) = sprintf("< awk -F, '/^#/ {next} !header++ || $2 == \"%s\"' '%s'", f, csv)
# The rows of the first flow: the link columns are the same in every row
# of one instant.
first = word(flows, 1)

# Goodput of flow f over every `avg` seconds: time_s,goodput_mbps.
goodput(f) = sprintf("< awk -F, -v w=%g '/^#/ {next} !header++ {print \"time_s,goodput_mbps\"; next} $2 == \"%s\" { if (t0 == \"\") {t0 = $1; d0 = $11; next} if ($1 - t0 >= w * 0.999) {printf \"%%s,%%.6f\\n\", $1, ($11 - d0) * 8 / ($1 - t0) / 1e6; t0 = $1; d0 = $11} }' '%s'", avg, f, csv)

# ---- the page ------------------------------------------------------------

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size width, height font "sans,10" noenhanced
} else {
	set terminal png size width, height noenhanced
}
set output out

set datafile separator comma
set datafile commentschars "#"
set datafile columnheaders
set grid
set key top right horizontal samplen 2 font ",9"
set offsets 0, 0, graph 0.25, 0   # room above the data for the key
set lmargin 11
set rmargin 3

set multiplot layout 4, 1 \
	title sprintf("%s (seed %s)", scenario, seed) font ",12"

# one time axis for every panel: the run's first and last rows
t_first = real(system(data_awk("t == \"\" {t = $1} END {print t + 0}")))
t_last = real(system(data_awk("{t = $1} END {print t + 0}")))
if (t_last > t_first) {
	set xrange [t_first:t_last]
}

# windows: a receive window far above every cwnd would flatten the
# sawtooth, so the scale then stops at 1.2 times the largest cwnd.
max_cwnd = largest(3) / 1000.0
max_rwnd = largest(5) / 1000.0
set ylabel "window (KB)"
set format x ""
if (max_cwnd > 0 && max_rwnd > 4 * max_cwnd) {
	set yrange [0:1.2 * max_cwnd]
} else {
	set yrange [0:*]
}
set tmargin 2
set bmargin 0.5
# One plot element per series that has values: a flow with cc = none has
# no cwnd, a flow that never lost a segment no ssthresh.  The command is
# built from variable names only (S1, S2, ...), then run with eval.
cmd = ""
do for [i = 1:words(flows)] {
	eval sprintf("S%d = rows(word(flows, %d))", i, i)
	if (count(word(flows, i), 3) > 0) {
		cmd = cmd . sprintf("S%d using 'time_s':(column('cwnd_bytes') / 1000.0) with lines dt 1 lw 2 lc %d title word(flows, %d) . ' cwnd', ", i, i, i)
	}
	cmd = cmd . sprintf("S%d using 'time_s':(column('rwnd_bytes') / 1000.0) with lines dt 2 lw 1.5 lc %d title word(flows, %d) . ' rwnd', ", i, i, i)
	if (count(word(flows, i), 4) > 0) {
		cmd = cmd . sprintf("S%d using 'time_s':(column('ssthresh_bytes') / 1000.0) with lines dt 3 lw 1.5 lc %d title word(flows, %d) . ' ssthresh', ", i, i, i)
	}
}
eval "plot " . cmd[1:strlen(cmd) - 2]

# buffers
set yrange [0:*]
set ylabel "buffers (KB)"
set tmargin 0.5
plot for [i = 1:words(flows)] rows(word(flows, i)) \
	using "time_s":(column("send_buffer_bytes") / 1000.0) \
	with lines dt 1 lw 2 lc i title word(flows, i) . " send buffer", \
     for [i = 1:words(flows)] rows(word(flows, i)) \
	using "time_s":(column("recv_buffer_bytes") / 1000.0) \
	with lines dt 2 lw 1.5 lc i title word(flows, i) . " receive buffer"

# queue
set ylabel "queue (packets)"
plot rows(first) using "time_s":"queue_packets" \
	with lines lw 1.5 lc rgb "#777777" title "bottleneck queue"

# goodput
set ylabel "goodput (Mbit/s)"
set xlabel "time (s)"
set format x "%g"
set bmargin 3
plot for [i = 1:words(flows)] goodput(word(flows, i)) \
	using "time_s":"goodput_mbps" \
	with fsteps lw 2 lc i title sprintf("%s (%g s average)", word(flows, i), avg)

unset multiplot
set output
