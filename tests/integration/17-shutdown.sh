#!/bin/bash
# Stopping a guest: shutdown (SIGTERM to the init, SIGKILL after the
# timeout), destroy of an init that ignores SIGTERM, and SIGTERM to the
# supervisor itself. Each ends with the reason logged and nothing left.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

log=$VIGIL_ROOT/var/log/vigil/s.log
now() { date +%s%N; }
ms_since() { echo $((($(now) - $1) / 1000000)); }
clean() {
	vg_gone s || vg_fail "$1: run dir left"
	[ -z "$(vg_cgroups s)" ] || vg_fail "$1: cgroup left"
}
# An init that ends on SIGTERM, and one that ignores it (pid 1 without a
# handler never sees SIGTERM).
polite='trap "exit 0" TERM; while :; do sleep 1 & wait; done'
vg_domain "$T/polite.xml" s /bin/sh -c "$polite"
vg_domain "$T/deaf.xml" s /bin/sleep 1000

vigil start "$T/polite.xml" >/dev/null || vg_fail "start"
t=$(now)
out=$(vigil shutdown s) || vg_fail "shutdown: $out"
[ "$out" = "Guest s shut down (exit code 0)" ] || vg_fail "shutdown said: $out"
clean "shutdown"
grep -q 'init exited: exit code 0' "$log" || vg_fail "log: $(tail -3 "$log")"
vg_ok "shutdown of a polite init: $(ms_since "$t") ms"

vigil start "$T/deaf.xml" >/dev/null || vg_fail "start"
t=$(now)
out=$(vigil shutdown s --timeout 1) || vg_fail "shutdown --timeout 1: $out"
ms=$(ms_since "$t")
[ "$out" = "Guest s shut down (killed after the shutdown timeout)" ] || vg_fail "said: $out"
[ "$ms" -ge 1000 ] && [ "$ms" -lt 5000 ] || vg_fail "took $ms ms"
clean "shutdown timeout"
vg_ok "shutdown of a deaf init: killed after the 1 s timeout ($ms ms)"

vigil start "$T/deaf.xml" >/dev/null || vg_fail "start"
t=$(now)
vigil destroy s >/dev/null || vg_fail "destroy"
ms=$(ms_since "$t")
# Not the 30 s shutdown timeout, nor libvirt's 2 s: SIGKILL at once.
[ "$ms" -lt 2000 ] || vg_fail "destroy took $ms ms"
clean "destroy"
vg_ok "destroy of a deaf init: $ms ms"

# SIGTERM to the supervisor: a shutdown.
vigil start "$T/polite.xml" >/dev/null || vg_fail "start"
sup=$(vg_state s supervisor_pid)
kill -TERM "$sup"
vg_wait 5 sh -c "! kill -0 $sup 2>/dev/null" || vg_fail "supervisor still there after SIGTERM"
clean "SIGTERM"
grep -q 'shutting down' "$log" || vg_fail "no shutdown logged"
vg_ok "SIGTERM to the supervisor shuts the guest down"

# A second SIGTERM during a shutdown kills the guest.
vigil start "$T/deaf.xml" >/dev/null || vg_fail "start"
sup=$(vg_state s supervisor_pid)
kill -TERM "$sup"; sleep 0.2; kill -TERM "$sup"
vg_wait 3 sh -c "! kill -0 $sup 2>/dev/null" || vg_fail "second SIGTERM did not kill"
clean "second SIGTERM"
grep -q 'init exited: destroyed' "$log" || vg_fail "log: $(tail -3 "$log")"
vg_ok "a second SIGTERM destroys"

err=$(vigil shutdown s --timeout soon 2>&1); [ $? = 2 ] || vg_fail "bad --timeout: $err"
err=$(vigil shutdown s 2>&1) && vg_fail "shutdown of a stopped guest succeeded"
[ "$err" = "vigil: guest s is not running" ] || vg_fail "shutdown stopped: $err"
vg_ok "usage and state errors"
