#!/bin/bash
# Console (issue 4), without a terminal: piped commands, a garbage hello, the
# read-write role and --force, 1000 attach/detach cycles with a constant fd
# count in the supervisor, two read-only observers and the writer receiving
# identical bytes of a 5 MB output while one client is SIGKILLed mid-stream
# and another never reads, and the console log rotated at its cap.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup

PEER=$VIGIL_BUILDDIR/tests/lib/console-peer
[ -x "$PEER" ] || vg_fail "$PEER missing: run make first"
vg_busybox_root "$T/root"

# guest_xml NAME [CONSOLE-ATTRIBUTES [INITARGS-XML]]
guest_xml() {
	cat >"$T/$1.xml" <<EOF
<domain type='lxc'>
  <name>$1</name>
  <memory>102400</memory>
  <os><type>exe</type><init>/bin/sh</init>${3:-}</os>
  <devices>
    <console type='pty' $2/>
    <filesystem type='mount'>
      <source dir='$T/root'/>
      <target dir='/'/>
    </filesystem>
  </devices>
</domain>
EOF
}

# start NAME: prints the supervisor's pid
start() {
	local out
	out=$(vigil start "$T/$1.xml") || vg_fail "start $1: $out"
	vg_on_exit "'$VIGIL_BUILDDIR/vigil' --root '$VIGIL_ROOT' destroy $1"
	sed -n 's/^Guest .* started (id \([0-9]*\))$/\1/p' <<<"$out"
}

nfds() { ls "/proc/$1/fd" | wc -l; }
slog() { cat "$VIGIL_ROOT/var/log/vigil/$1.log"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# count GUEST PATTERN: lines of the supervisor log matching
count() { slog "$1" | grep -c -- "$2"; }
# reached GUEST PATTERN N: at least N such lines (for vg_wait)
reached() { [ "$(count "$1" "$2")" -ge "$3" ]; }
fds_are() { [ "$(nfds "$1")" -eq "$2" ]; }
# For background clients: the binary itself, so that $! is its pid.
VIGIL=("$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT")

guest_xml hello
SUP=$(start hello)
[ -n "$SUP" ] || vg_fail "no supervisor pid"
SOCK=$VIGIL_ROOT/run/vigil/guests/hello/console.sock
[ "$(stat -c %a "$SOCK")" = 600 ] || vg_fail "console.sock mode $(stat -c %a "$SOCK")"

# Piped: the command runs, its output comes back, exit 0 once drained.
out=$(printf 'echo $VIGIL_NAME\n' | vigil console hello) ||
	vg_fail "piped console: exit $?: $out"
grep -q '^Connected to guest hello$' <<<"$out" || vg_fail "no banner: $out"
grep -q $'^hello\r$' <<<"$out" || vg_fail "piped: no name in: $out"
vg_ok "piped command"

# Not running / bad names.
out=$(vigil console nosuch 2>&1) && vg_fail "console nosuch succeeded"
[ "$out" = "vigil: guest nosuch is not running" ] || vg_fail "nosuch: $out"
out=$(vigil console ../x 2>&1) && vg_fail "console ../x succeeded"
grep -q "invalid name" <<<"$out" || vg_fail "../x: $out"

# Garbage hellos get an error line, then the connection is closed.
for h in 'garbage' '{"mode":"god"}' '{"mode":"rw","force":"yes"}' '[1,2]'; do
	out=$("$PEER" hello "$SOCK" "$h") || vg_fail "hello '$h': not closed"
	grep -q '^{"ok":false,"error":"hello: ' <<<"$out" ||
		vg_fail "hello '$h': reply $out"
done
vg_ok "garbage hellos refused"

# One read-write client; a second is refused; --force takes over.
mkfifo "$T/fifo"
exec 7<>"$T/fifo"
n=$(count hello "attached read-write")
"${VIGIL[@]}" console hello <"$T/fifo" >"$T/holder.out" 2>&1 &
holder=$!
vg_wait 5 reached hello "attached read-write" $((n + 1)) ||
	vg_fail "holder did not attach"
out=$(printf 'echo x\n' | vigil console hello 2>&1) && vg_fail "second rw got in"
grep -q "in use by another read-write client (use --force" <<<"$out" ||
	vg_fail "second rw: $out"
out=$(printf 'echo forced-$((6*7))\n' | vigil console hello --force) ||
	vg_fail "--force: exit $?"
grep -q $'^forced-42\r$' <<<"$out" || vg_fail "--force: no output: $out"
vg_wait 5 gone "$holder" || vg_fail "the old client is still attached"
wait "$holder" && vg_fail "the old client exited 0"
grep -q "taken over by another client" "$T/holder.out" ||
	vg_fail "old client not told: $(cat "$T/holder.out")"
exec 7>&-
vg_ok "read-write role, --force"

# 1000 attach/detach cycles, and 20 more by vigil itself: the supervisor's
# fd count does not grow.
before=$(nfds "$SUP")
"$PEER" cycles "$SOCK" 1000 || vg_fail "attach/detach cycles"
for i in $(seq 20); do
	if [ $((i % 2)) = 0 ]; then
		vigil console hello --readonly --timeout 0.01 >/dev/null
	else
		vigil console hello --timeout 0.01 </dev/null >/dev/null
	fi || vg_fail "cycle $i: exit $?"
done
vg_wait 5 fds_are "$SUP" "$before" ||
	vg_fail "supervisor fds: $before before, $(nfds "$SUP") after"
vg_ok "1020 attach/detach cycles, $before fds before and after"

# Fan-out: two observers, a stalled reader, a victim, then the writer runs
# a command printing about 26 MB (more than a client may lag by) and ends
# the guest.
n=$(count hello "attached read-only")
"${VIGIL[@]}" console hello --readonly >"$T/ro1.out" 2>"$T/ro1.err" &
ro1=$!
"${VIGIL[@]}" console hello --readonly >"$T/ro2.out" 2>"$T/ro2.err" &
ro2=$!
"${VIGIL[@]}" console hello --readonly >/dev/null 2>&1 &
victim=$!
disown "$victim"	# no "Killed" notice from bash
"$PEER" stall "$SOCK" '{"mode":"ro"}' >"$T/stall.out" &
stall=$!
vg_wait 5 reached hello "attached read-only" $((n + 4)) ||
	vg_fail "observers did not attach"
# The victim stops reading, and is SIGKILLed once the stream is flowing.
kill -STOP "$victim"
(
	while [ "$(stat -c %s "$T/ro1.out")" -lt 100000 ]; do sleep 0.002; done
	stat -c %s "$T/ro1.out" >"$T/killed-at"
	kill -9 "$victim"
) &
killer=$!
printf 'seq 1 3000000 | cat; exit 0\n' | vigil console hello >"$T/rw.out" ||
	vg_fail "writer: exit $?"
wait "$ro1" || vg_fail "observer 1: exit $?: $(cat "$T/ro1.err")"
wait "$ro2" || vg_fail "observer 2: exit $?: $(cat "$T/ro2.err")"
wait "$killer"
size=$(stat -c %s "$T/rw.out")
[ "$size" -gt 20000000 ] || vg_fail "writer got only $size bytes"
cmp "$T/ro1.out" "$T/rw.out" || vg_fail "observer 1 and writer differ"
cmp "$T/ro2.out" "$T/rw.out" || vg_fail "observer 2 and writer differ"
grep -q $'^3000000\r$' "$T/rw.out" || vg_fail "output incomplete"
tail -c 100 "$T/rw.out" | grep -q 'Guest hello exited (exit code 0)' ||
	vg_fail "no exit notice: $(tail -c 100 "$T/rw.out")"
[ "$(cat "$T/killed-at")" -lt "$size" ] ||
	vg_fail "the victim was not killed mid-stream"
slog hello | grep -q "(pid $victim) detached" ||
	vg_fail "the victim's end is not in the supervisor log: $(slog hello | tail -12)"
vg_wait 5 gone "$stall" || vg_fail "the stalled client is still attached"
grep -q "closed by the supervisor" "$T/stall.out" || vg_fail "stall: $(cat "$T/stall.out")"
slog hello | grep -q "dropped: more than .* bytes behind" ||
	vg_fail "no drop line in the supervisor log"
vg_wait 10 gone "$SUP" || vg_fail "supervisor still running"
[ ! -e "$SOCK" ] || vg_fail "console.sock left behind"
vg_ok "$size bytes identical to 2 observers and the writer (victim killed after $(cat "$T/killed-at"), stalled reader dropped)"

# The console log at its cap: the file and .1 never pass it.
guest_xml rot "logsize='65536'"
start rot >/dev/null
printf 'seq 1 40000 | cat; exit 0\n' | vigil console rot >/dev/null ||
	vg_fail "rot: exit $?"
LOG=$VIGIL_ROOT/var/log/vigil/rot.console.log
[ -f "$LOG.1" ] || vg_fail "no $LOG.1"
[ "$(stat -c %s "$LOG.1")" -eq 65536 ] || vg_fail ".1 is $(stat -c %s "$LOG.1") bytes"
[ "$(stat -c %s "$LOG")" -le 65536 ] || vg_fail "log is $(stat -c %s "$LOG") bytes"
[ "$(stat -c %a "$LOG")" = 600 ] || vg_fail "log mode $(stat -c %a "$LOG")"
cat "$LOG.1" "$LOG" | grep -q $'^40000\r$' || vg_fail "log lacks the end"
cat "$LOG.1" "$LOG" | grep -q $'^39000\r$' || vg_fail "log lacks recent lines"
vg_ok "console log rotated at 64 KiB"

# vigil start --console: the init's first output, printed before the client
# could attach, is not lost (the ring keeps it).
guest_xml early "" "<initarg>-c</initarg><initarg>echo first-output-\$((1 + 1)); exec /bin/sh</initarg>"
vg_on_exit "'$VIGIL_BUILDDIR/vigil' --root '$VIGIL_ROOT' destroy early"
out=$(printf 'exit 5\n' | vigil start --console "$T/early.xml") ||
	vg_fail "start --console: exit $?: $out"
grep -q '^Guest early started (id [0-9]*)$' <<<"$out" || vg_fail "start --console: $out"
grep -q $'^first-output-2\r$' <<<"$out" || vg_fail "start --console lost the first output: $out"
grep -q 'Guest early exited (exit code 5)' <<<"$out" || vg_fail "start --console: no end: $out"
vg_ok "vigil start --console"
