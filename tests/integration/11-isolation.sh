#!/bin/bash
# What a container's init sees: pid 1, its own hostname, namespaces of its
# own, /proc/sys and /sys read-only, a reduced capability bounding set,
# only fds 0-2, the /dev nodes, and (with <privnet/>) only lo.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

out=$T/out
mkdir -p "$out"
vg_busybox_root "$T/root1"
probe='echo $$ >/out/pid; hostname >/out/hostname
(echo 3 >/proc/sys/vm/drop_caches) 2>/out/procsys; echo $? >>/out/procsys
(echo add >/sys/kernel/uevent_helper) 2>/out/sys; echo $? >>/out/sys
grep CapBnd /proc/1/status >/out/capbnd
ls /dev >/out/dev; ls /sys/class/net >/out/net
(sleep 0.3; ls /proc/1/fd >/out/fds; echo done >/out/done) &
exec sleep 1000'
VG_EXTRA="<features><privnet/></features>" \
VG_DEVICES="<filesystem type='mount'><source dir='$T/root1'/><target dir='/'/></filesystem>
<filesystem type='mount'><source dir='$out'/><target dir='/out'/></filesystem>" \
	vg_domain "$T/iso.xml" iso /bin/sh -c "$probe"
vigil start "$T/iso.xml" >/dev/null || vg_fail "start"
vg_wait 5 test -s "$out/done" || vg_fail "the probe did not finish"
init=$(vg_state iso init_pid)

[ "$(cat "$out/pid")" = 1 ] || vg_fail "init is pid $(cat "$out/pid") inside"
[ "$(cat "$out/hostname")" = iso ] || vg_fail "hostname $(cat "$out/hostname")"
for ns in pid mnt uts ipc net; do
	[ "$(readlink "/proc/$init/ns/$ns")" != "$(readlink "/proc/self/ns/$ns")" ] ||
		vg_fail "the guest shares our $ns namespace"
done
vg_ok "pid 1, hostname, own pid/mnt/uts/ipc/net namespaces"

grep -q 'Read-only file system' "$out/procsys" || vg_fail "/proc/sys writable: $(cat "$out/procsys")"
grep -q 'Read-only file system' "$out/sys" || vg_fail "/sys writable: $(cat "$out/sys")"
vg_ok "/proc/sys and /sys read-only"

bnd=$((16#$(awk '{print $2}' "$out/capbnd")))
# sys_module sys_rawio sys_pacct sys_boot sys_time audit_control
# mac_override mac_admin syslog wake_alarm block_suspend
for c in 16 17 20 22 25 30 32 33 34 35 36; do
	[ $(((bnd >> c) & 1)) = 0 ] || vg_fail "capability $c still in the bounding set ($(cat "$out/capbnd"))"
done
for c in 0 12 21; do	# chown net_admin sys_admin stay
	[ $(((bnd >> c) & 1)) = 1 ] || vg_fail "capability $c dropped ($(cat "$out/capbnd"))"
done
vg_ok "bounding set: $(cat "$out/capbnd")"

[ "$(tr '\n' ' ' <"$out/fds")" = "0 1 2 " ] || vg_fail "guest sees fds: $(tr '\n' ' ' <"$out/fds")"
[ "$(ls "/proc/$init/fd" | tr '\n' ' ')" = "0 1 2 " ] || vg_fail "init has fds: $(ls "/proc/$init/fd")"
[ "$(readlink "/proc/$init/fd/0")" = "$(readlink "/proc/$init/fd/1")" ] || vg_fail "stdin and stdout differ"
readlink "/proc/$init/fd/0" | grep -q '^/dev/pts/' || vg_fail "stdio is not a pty: $(readlink "/proc/$init/fd/0")"
for d in null zero full random urandom tty console ptmx pts; do
	grep -qx "$d" "$out/dev" || vg_fail "/dev lacks $d: $(tr '\n' ' ' <"$out/dev")"
done
[ "$(cat "$out/net")" = lo ] || vg_fail "privnet guest sees: $(tr '\n' ' ' <"$out/net")"
vg_ok "fds 0-2 on the pty, /dev nodes, only lo"
vigil destroy iso >/dev/null || vg_fail "destroy"

# Without interfaces or <privnet/>: the host's network, as in the seed.
# A capabilities policy: sys_time kept, net_raw dropped.
rm -f "$out"/*
VG_EXTRA="<features><capabilities policy='default'><sys_time state='on'/><net_raw state='off'/></capabilities></features>" \
VG_DEVICES="<filesystem type='mount'><source dir='$T/root1'/><target dir='/'/></filesystem>
<filesystem type='mount'><source dir='$out'/><target dir='/out'/></filesystem>" \
	vg_domain "$T/iso.xml" iso /bin/sh -c "$probe"
vigil start "$T/iso.xml" >/dev/null || vg_fail "start with shared network"
vg_wait 5 test -s "$out/done" || vg_fail "the probe did not finish"
init=$(vg_state iso init_pid)
[ "$(readlink "/proc/$init/ns/net")" = "$(readlink /proc/self/ns/net)" ] ||
	vg_fail "no <privnet/>, yet a network namespace of its own"
bnd=$((16#$(awk '{print $2}' "$out/capbnd")))
[ $(((bnd >> 25) & 1)) = 1 ] || vg_fail "sys_time turned on, yet dropped"
[ $(((bnd >> 13) & 1)) = 0 ] || vg_fail "net_raw turned off, yet kept"
[ $(((bnd >> 16) & 1)) = 0 ] || vg_fail "sys_module kept"
vigil destroy iso >/dev/null || vg_fail "destroy"
vg_ok "shared network, capabilities policy"

# policy='deny' keeps only what is turned on.
rm -f "$out"/*
VG_EXTRA="<features><capabilities policy='deny'><kill state='on'/></capabilities></features>" \
VG_DEVICES="<filesystem type='mount'><source dir='$T/root1'/><target dir='/'/></filesystem>
<filesystem type='mount'><source dir='$out'/><target dir='/out'/></filesystem>" \
	vg_domain "$T/iso.xml" iso /bin/sh -c \
	'grep CapBnd /proc/1/status >/out/capbnd; exec sleep 1000'
vigil start "$T/iso.xml" >/dev/null || vg_fail "start with policy deny"
vg_wait 5 test -s "$out/capbnd" || vg_fail "no capbnd"
[ "$(awk '{print $2}' "$out/capbnd")" = 0000000000000020 ] || vg_fail "deny: $(cat "$out/capbnd")"
vigil destroy iso >/dev/null || vg_fail "destroy"
vg_ok "policy deny"
