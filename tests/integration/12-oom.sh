#!/bin/bash
# A guest allocating past its memory limit is OOM-killed inside its own
# cgroup; the supervisor survives and reports it.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

out=$T/out
mkdir -p "$out"
vg_busybox_root "$T/root1"
devs="<filesystem type='mount'><source dir='$T/root1'/><target dir='/'/></filesystem>
<filesystem type='mount'><source dir='$out'/><target dir='/out'/></filesystem>"
# 256 MB into a shell variable, under a 32 MiB limit.
hog='x=$(head -c 268435456 /dev/zero | tr "\0" x)'

# A child of the init is the hog: it dies, the guest goes on.
VG_MEMORY_KIB=32768 VG_DEVICES=$devs vg_domain "$T/oom.xml" oom /bin/sh -c \
	"($hog); echo \$? >/out/hog; exec sleep 1000"
vigil start "$T/oom.xml" >/dev/null || vg_fail "start"
sup=$(vg_state oom supervisor_pid)
# What the guest's memory cgroup and processes look like, for a failure.
mem_state() {
	local d
	for d in $(vg_cgroups oom); do
		case $d in */memory/*)
			printf '%s ' "usage $(cat "$d/memory.usage_in_bytes")" \
			    "failcnt $(cat "$d/memory.failcnt")" \
			    "$(tr '\n' ' ' <"$d/memory.oom_control")"
			for p in $(cat "$d/cgroup.procs"); do
				printf '[%s] ' "$(tr '\0' ' ' <"/proc/$p/cmdline") $(grep -h '^State' "/proc/$p/status")"
			done ;;
		esac
	done
}
# (a loaded machine may take a while to fill 32 MiB and reclaim before
# the kill: vg_wait returns as soon as it is done)
vg_wait 60 test -s "$out/hog" || vg_fail "the hog was not killed: $(mem_state)"
[ "$(cat "$out/hog")" = 137 ] || vg_fail "the hog ended with $(cat "$out/hog"), not SIGKILL"
kill -0 "$sup" || vg_fail "the supervisor died"
vigil list | grep -Eq "^ $sup +oom +running\$" || vg_fail "the guest is not running: $(vigil list)"
vigil info oom | grep -Eq '^OOM kills: +[1-9]' || vg_fail "info: $(vigil info oom)"
vg_wait 5 grep -q 'out of memory' "$VIGIL_ROOT/var/log/vigil/oom.log" ||
	vg_fail "no OOM in the log: $(cat "$VIGIL_ROOT/var/log/vigil/oom.log")"
vigil destroy oom >/dev/null || vg_fail "destroy"
vg_ok "a hog in the guest is OOM-killed, the guest and supervisor live on"

# The init is the hog: the guest ends, with "oom" as the reason.
VG_MEMORY_KIB=32768 VG_DEVICES=$devs vg_domain "$T/oom.xml" oom /bin/sh -c \
	"$hog; exec sleep 1000"
vigil start "$T/oom.xml" >/dev/null || vg_fail "start"
vg_wait 30 vg_gone oom || vg_fail "the guest did not end"
grep -q 'init exited: oom' "$VIGIL_ROOT/var/log/vigil/oom.log" ||
	vg_fail "reason: $(tail -5 "$VIGIL_ROOT/var/log/vigil/oom.log")"
[ -z "$(vg_cgroups oom)" ] || vg_fail "cgroup left"
vg_ok "an init OOM-killed ends the guest with reason oom"
