#!/bin/bash
# The seed's "Getting started with LXC" walkthrough with vigil commands:
# hello world on the host's root, custom mounts, a private busybox root,
# the init's environment, destroy and undefine.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

out=$T/out
mkdir -p "$out"
# Keep the host's /etc and /var untouched: the guest shares our root and
# vigil creates missing mount targets (as libvirt does).
for d in etc var; do
	mkdir -p "$T/ov/$d/up" "$T/ov/$d/work"
	mount -t overlay overlay -o "lowerdir=/$d,upperdir=$T/ov/$d/up,workdir=$T/ov/$d/work" "/$d" ||
		vg_skip "needs overlayfs"
done

# Hello world: /bin/sh as the init on the host's root.
VG_MEMORY_KIB=102400 vg_domain "$T/helloworld.xml" helloworld /bin/sh -c \
	"echo \$\$ >$out/pid; while :; do sleep 1; done"
vigil define "$T/helloworld.xml" | grep -qx 'Guest helloworld defined from .*helloworld.xml' ||
	vg_fail "define"
start=$(vigil start helloworld) || vg_fail "start: $start"
echo "$start" | grep -Eqx 'Guest helloworld started \(id [0-9]+\)' || vg_fail "start said: $start"
id=$(echo "$start" | sed 's/.*(id \([0-9]*\))/\1/')
[ "$(vg_state helloworld supervisor_pid)" = "$id" ] || vg_fail "id is not the supervisor's pid"
grep -q vigil-supervisor "/proc/$id/cmdline" || vg_fail "pid $id is not a supervisor"
vigil list | grep -Eq "^ $id +helloworld +running\$" || vg_fail "list: $(vigil list)"
vg_ok "define, start, list (id $id)"

# The guest's sh is a host process, and pid 1 inside.
vg_wait 5 test -s "$out/pid" || vg_fail "init did not run"
[ "$(cat "$out/pid")" = 1 ] || vg_fail "init's pid inside is $(cat "$out/pid")"
init=$(vg_state helloworld init_pid)
[ "$(ps -o comm= -p "$init")" = sh ] || vg_fail "host ps: $(ps -o comm= -p "$init")"
grep -Eq "^NSpid:[[:space:]]+$init[[:space:]]+1\$" "/proc/$init/status" ||
	vg_fail "NSpid: $(grep NSpid "/proc/$init/status")"
[ "$(ps -o ppid= -p "$init" | tr -d ' ')" = "$id" ] || vg_fail "init is not the supervisor's child"
vg_ok "sh is host pid $init, pid 1 inside"

vigil info helloworld | grep -Eq '^State: +running$' || vg_fail "info: $(vigil info helloworld)"
vigil --json info helloworld | grep -q '"memory_limit": 104857600' ||
	vg_fail "info --json: $(vigil --json info helloworld)"
vigil destroy helloworld | grep -qx 'Guest helloworld destroyed' || vg_fail "destroy"
vg_gone helloworld || vg_fail "run dir left after destroy"
kill -0 "$init" 2>/dev/null && vg_fail "init $init survived destroy"
[ -z "$(vg_cgroups helloworld)" ] || vg_fail "cgroup left: $(vg_cgroups helloworld)"
vigil list --all | grep -Eq '^ - +helloworld +shut off$' || vg_fail "list --all: $(vigil list --all)"
vigil undefine helloworld | grep -qx 'Guest helloworld has been undefined' || vg_fail "undefine"
vigil list --all | grep -q helloworld && vg_fail "still listed after undefine"
err=$(vigil undefine helloworld 2>&1) && vg_fail "undefine twice succeeded"
[ "$err" = "vigil: guest helloworld is not defined" ] || vg_fail "undefine twice: $err"
vg_ok "info, destroy, undefine"

# Custom mounts at /etc/httpd and /var/www.
mkdir -p "$T/export/config" "$T/export/data"
touch "$T/export/config/hello.txt" "$T/export/data/world.txt"
VG_DEVICES="<filesystem type='mount'><source dir='$T/export/config'/><target dir='/etc/httpd'/></filesystem>
<filesystem type='mount'><source dir='$T/export/data'/><target dir='/var/www'/></filesystem>" \
	vg_domain "$T/helloworld.xml" helloworld /bin/sh -c \
	"ls /etc/httpd/ >$out/httpd; ls /var/www/ >$out/www; while :; do sleep 1; done"
vigil define "$T/helloworld.xml" >/dev/null || vg_fail "define with mounts"
vigil start helloworld >/dev/null || vg_fail "start with mounts"
vg_wait 5 test -s "$out/www" || vg_fail "init did not list the mounts"
[ "$(cat "$out/httpd")" = hello.txt ] || vg_fail "/etc/httpd: $(cat "$out/httpd")"
[ "$(cat "$out/www")" = world.txt ] || vg_fail "/var/www: $(cat "$out/www")"
[ -e /etc/httpd/hello.txt ] && vg_fail "the guest's mount leaked to the host"
vigil destroy helloworld >/dev/null || vg_fail "destroy with mounts"
vg_ok "custom mounts"

# A private root with busybox, the output directory bound at /out.
vg_busybox_root "$T/export/root"
VG_DEVICES="<filesystem type='mount'><source dir='$T/export/root'/><target dir='/'/></filesystem>
<filesystem type='mount'><source dir='$T/export/config'/><target dir='/etc/httpd'/></filesystem>
<filesystem type='mount'><source dir='$T/export/data'/><target dir='/var/www'/></filesystem>
<filesystem type='mount'><source dir='$out'/><target dir='/out'/></filesystem>" \
	vg_domain "$T/helloworld.xml" helloworld /bin/sh -c \
	'ls / >/out/ls; cat /proc/mounts >/out/mounts; cat /proc/1/environ | tr "\0" "\n" >/out/env; ls /etc/httpd >/out/httpd2; exec sleep 1000'
vigil define "$T/helloworld.xml" >/dev/null || vg_fail "define private root"
vigil start helloworld >/dev/null || vg_fail "start private root"
vg_wait 5 test -s "$out/env" || vg_fail "init did not run in the private root"
for d in bin dev etc proc sys var out; do
	grep -qx "$d" "$out/ls" || vg_fail "ls / lacks $d: $(tr '\n' ' ' <"$out/ls")"
done
grep -qx boot "$out/ls" && vg_fail "the host's root shows: $(tr '\n' ' ' <"$out/ls")"
[ "$(cat "$out/httpd2")" = hello.txt ] || vg_fail "/etc/httpd in the private root"
grep -Eq '^proc /proc proc rw' "$out/mounts" || vg_fail "no /proc: $(cat "$out/mounts")"
grep -Eq '^proc /proc/sys proc ro' "$out/mounts" || vg_fail "/proc/sys not read-only"
grep -Eq '^sysfs /sys sysfs ro' "$out/mounts" || vg_fail "/sys not read-only"
grep -Eq '^devfs /dev tmpfs ' "$out/mounts" || vg_fail "no /dev tmpfs"
grep -Eq '^devpts /dev/pts devpts .*ptmxmode=666' "$out/mounts" || vg_fail "no new devpts"
grep -Eq ' /etc/httpd ' "$out/mounts" || vg_fail "/etc/httpd not in /proc/mounts"
grep -Eq ' /var/www ' "$out/mounts" || vg_fail "/var/www not in /proc/mounts"
vg_ok "private busybox root"

uuid=$(vg_state helloworld uuid)
for kv in container=vigil VIGIL_NAME=helloworld "VIGIL_UUID=$uuid" \
    LIBVIRT_LXC_NAME=helloworld "LIBVIRT_LXC_UUID=$uuid" TERM=linux HOME=/; do
	grep -qx "$kv" "$out/env" || vg_fail "init's environment lacks $kv: $(tr '\n' ' ' <"$out/env")"
done
grep -q '^PATH=/' "$out/env" || vg_fail "no PATH"
vg_ok "init environment"

vigil destroy helloworld >/dev/null || vg_fail "destroy private root"
vigil undefine helloworld >/dev/null || vg_fail "undefine"
vg_gone helloworld || vg_fail "run dir left"
[ -z "$(vg_cgroups helloworld)" ] || vg_fail "cgroup left"
vg_ok "destroy, undefine"
