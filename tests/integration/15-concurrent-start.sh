#!/bin/bash
# Two starts of one guest at once: exactly one wins, the other says the
# guest is already running, and the winner's guest is unharmed.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

vg_domain "$T/c.xml" c /bin/sleep 1000
vigil define "$T/c.xml" >/dev/null || vg_fail "define"
for round in 1 2 3 4 5; do
	vigil start c >"$T/o1" 2>"$T/e1" & a=$!
	vigil start c >"$T/o2" 2>"$T/e2" & b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	[ $((ra + rb)) = 1 ] || vg_fail "round $round: exit statuses $ra and $rb: $(cat "$T"/o? "$T"/e?)"
	cat "$T/o1" "$T/o2" | grep -Eqx 'Guest c started \(id [0-9]+\)' ||
		vg_fail "round $round: nobody started: $(cat "$T"/o? "$T"/e?)"
	[ "$(cat "$T/e1" "$T/e2")" = "vigil: c is already running" ] ||
		vg_fail "round $round: the loser said: $(cat "$T"/e?)"
	vigil list | grep -Eq ' c +running$' || vg_fail "round $round: not running"
	[ "$(pgrep -cf "[v]igil-supervisor .*--root $VIGIL_ROOT( |\$)")" = 1 ] ||
		vg_fail "round $round: supervisors: $(pgrep -af "[v]igil-supervisor")"
	vigil destroy c >/dev/null || vg_fail "round $round: destroy"
	vg_gone c || vg_fail "round $round: run dir left"
done
vg_ok "5 rounds of two concurrent starts: one winner each"

vigil start c >/dev/null || vg_fail "start"
err=$(vigil start c 2>&1) && vg_fail "a second start succeeded"
[ "$err" = "vigil: c is already running" ] || vg_fail "second start: $err"
vigil list | grep -Eq ' c +running$' || vg_fail "the running guest was harmed"
vigil destroy c >/dev/null || vg_fail "destroy"
vg_ok "start of a running guest: $err"
