#!/bin/bash
# A supervisor killed with SIGKILL takes its guest with it; the next start,
# or vigil cleanup, removes what it left, and nothing leaks.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

vg_busybox_root "$T/root1"
# An init with children and grandchildren.
VG_DEVICES="<filesystem type='mount'><source dir='$T/root1'/><target dir='/'/></filesystem>" \
	vg_domain "$T/k.xml" k /bin/sh -c \
	'sleep 1401 & sleep 1402 & sh -c "sleep 1403 & sleep 1404" & exec sleep 1400'
vigil define "$T/k.xml" >/dev/null || vg_fail "define"

procs() {
	local d
	for d in $(vg_cgroups k); do cat "$d/cgroup.procs"; done 2>/dev/null | sort -u
}
# Gone or a zombie (dead; reaping it is its new parent's business).
all_gone() {
	local p
	for p in $pids; do
		grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$p/status" && return 1
	done
	return 0
}
no_supervisor() { ! pgrep -f "[v]igil-supervisor .*--root $VIGIL_ROOT( |\$)"; }

for round in 1 2; do
	vigil start k >/dev/null || vg_fail "start (round $round)"
	sup=$(vg_state k supervisor_pid)
	vg_wait 5 sh -c "[ \$(cat $(vg_cgroups k | head -1)/cgroup.procs | wc -l) -ge 5 ]" ||
		vg_fail "the guest's processes did not all start"
	pids=$(procs)
	kill -9 "$sup"
	# The kernel kills them at once (PDEATHSIG, then the pid namespace).
	# The orphaned init stays a zombie until the host's pid 1 reaps it,
	# which may take seconds: dead is gone. The time taken is printed.
	t0=$(date +%s%N)
	vg_wait 1 all_gone || vg_fail "guest processes outlived the supervisor by a second: $(for p in $pids; do grep -Hs State "/proc/$p/status"; done)"
	vg_log "round $round: guest processes gone $(( ($(date +%s%N) - t0) / 1000000 )) ms after the supervisor's SIGKILL"
	vg_ok "round $round: SIGKILL to the supervisor took $(echo $pids | wc -w) guest processes with it"
	[ -e "$VIGIL_ROOT/run/vigil/guests/k/state.json" ] || vg_fail "no stale state to find"
	vigil list | grep -Eq '^ - +k +crashed$' || vg_fail "list: $(vigil list)"
	if [ "$round" = 1 ]; then
		# The next start cleans up by itself.
		vigil start k >/dev/null || vg_fail "start over a stale run dir"
		grep -q 'removing what a killed supervisor left behind' \
			"$VIGIL_ROOT/var/log/vigil/k.log" || vg_fail "no stale cleanup logged"
		vigil destroy k >/dev/null || vg_fail "destroy"
	else
		err=$(vigil cleanup k) || vg_fail "cleanup: $err"
		[ "$err" = "Cleaned up k" ] || vg_fail "cleanup said: $err"
	fi
	vg_gone k || vg_fail "run dir left"
	[ -z "$(vg_cgroups k)" ] || vg_fail "cgroup left: $(vg_cgroups k)"
	vg_wait 5 no_supervisor || vg_fail "a supervisor is left"
	all_gone || vg_fail "stray guest processes"
	vg_ok "round $round: nothing leaked"
done

out=$(vigil cleanup k) || vg_fail "cleanup with nothing to do failed"
[ "$out" = "Nothing to clean up for k" ] || vg_fail "cleanup said: $out"
vigil start k >/dev/null || vg_fail "start"
err=$(vigil cleanup k 2>&1) && vg_fail "cleanup of a running guest succeeded"
[ "$err" = "vigil: k is running (use vigil destroy)" ] || vg_fail "cleanup running: $err"
vigil list | grep -Eq ' k +running$' || vg_fail "cleanup harmed the running guest"
vigil destroy k >/dev/null || vg_fail "destroy"
vg_ok "cleanup: nothing to do; refuses a running guest"
