#!/bin/bash
# Starts that go wrong: an init that exits at once, an init that does not
# exist, a missing mount source, a bad config, an undefined name. Each
# leaves nothing behind.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

log=$VIGIL_ROOT/var/log/vigil/f.log
no_supervisor() { ! pgrep -f "[v]igil-supervisor .*--root $VIGIL_ROOT( |\$)"; }
no_leftovers() {
	vg_wait 5 vg_gone f || vg_fail "$1: run dir left"
	[ -z "$(vg_cgroups f)" ] || vg_fail "$1: cgroup left: $(vg_cgroups f)"
	vg_wait 5 no_supervisor || vg_fail "$1: supervisor left"
}

# An init that exits at once: started, then gone with its exit code.
vg_domain "$T/f.xml" f /bin/sh -c 'exit 3'
vigil start "$T/f.xml" >/dev/null 2>"$T/err" || grep -q . "$T/err" ||
	vg_fail "start failed without a word"
no_leftovers "init exits at once"
grep -q 'init exited: exit code 3' "$log" || vg_fail "log: $(cat "$log")"
vg_ok "an init that exits at once"

# No such init.
vg_domain "$T/f.xml" f /bin/no-such-init
err=$(vigil start "$T/f.xml" 2>&1) && vg_fail "start with a missing init succeeded"
[ "$err" = "vigil: guest f: init /bin/no-such-init: No such file or directory" ] ||
	vg_fail "missing init: $err"
no_leftovers "missing init"
vg_ok "$err"

# An init that is not executable.
vg_domain "$T/f.xml" f /etc/passwd
err=$(vigil start "$T/f.xml" 2>&1) && vg_fail "start with /etc/passwd as init succeeded"
[ "$err" = "vigil: guest f: init /etc/passwd: Permission denied" ] || vg_fail "$err"
no_leftovers "init not executable"
vg_ok "$err"

# A mount source that does not exist.
VG_DEVICES="<filesystem type='mount'><source dir='$T/nowhere'/><target dir='/mnt/x'/></filesystem>" \
	vg_domain "$T/f.xml" f /bin/sh
err=$(vigil start "$T/f.xml" 2>&1) && vg_fail "start with a missing source succeeded"
[ "$err" = "vigil: guest f: filesystem /mnt/x: $T/nowhere: No such file or directory" ] ||
	vg_fail "missing source: $err"
no_leftovers "missing source"
vg_ok "$err"

# A config with an error: FILE:LINE from the launcher, nothing started.
printf '<domain type="lxc">\n<name>f</name>\n<memory>lots</memory>\n<os><type>exe</type><init>/bin/sh</init></os>\n</domain>\n' >"$T/bad.xml"
err=$(vigil start "$T/bad.xml" 2>&1) && vg_fail "start with a bad config succeeded"
echo "$err" | grep -q "^$T/bad.xml:3: " || vg_fail "bad config: $err"
[ ! -e "$VIGIL_ROOT/run/vigil/guests/f" ] || vg_fail "bad config left a run dir"
vg_ok "bad config: $err"

# Names: undefined, invalid.
err=$(vigil start nosuch 2>&1) && vg_fail "start of an undefined guest succeeded"
[ "$err" = "vigil: guest nosuch is not defined" ] || vg_fail "undefined: $err"
err=$(vigil start 'a;b' 2>&1) && vg_fail "start of an invalid name succeeded"
echo "$err" | grep -q "invalid name" || vg_fail "invalid name: $err"
err=$(vigil destroy nosuch 2>&1) && vg_fail "destroy of a guest not running succeeded"
[ "$err" = "vigil: guest nosuch is not running" ] || vg_fail "destroy: $err"
vg_ok "undefined and invalid names"

# The guest keeps working after all that.
vg_domain "$T/f.xml" f /bin/sleep 1000
vigil start "$T/f.xml" >/dev/null || vg_fail "start after the faults"
vigil destroy f >/dev/null || vg_fail "destroy"
no_leftovers "final destroy"
vg_ok "a clean start and destroy afterwards"
