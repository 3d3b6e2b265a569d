#!/bin/bash
# The lifecycle commands' edges: define validates and stores, start FILE
# runs without defining, list/info in text and JSON, usage errors exit 2.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

cfg=$VIGIL_ROOT/etc/vigil/guests
out=$T/out
mkdir -p "$out"

# define refuses a bad config and stores nothing.
printf '<domain type="lxc">\n<name>d</name>\n<memory>-1</memory>\n<os><type>exe</type><init>/bin/sh</init></os>\n</domain>\n' >"$T/bad.xml"
err=$(vigil define "$T/bad.xml" 2>&1) && vg_fail "define of a bad config succeeded"
echo "$err" | grep -q "^$T/bad.xml:3: " || vg_fail "define bad: $err"
[ ! -e "$cfg/d.xml" ] || vg_fail "a bad config was stored"
err=$(vigil define "$T/missing.xml" 2>&1) && vg_fail "define of a missing file succeeded"
[ "$err" = "vigil: $T/missing.xml: No such file or directory" ] || vg_fail "define missing: $err"
vg_ok "define refuses bad and missing files"

# Without <uuid> (and interface MACs), define writes the generated ones
# into the stored config; a redefine without one keeps the guest's uuid.
VG_DEVICES="<interface type='bridge'><source bridge='br0'/></interface>" \
	vg_domain "$T/d.xml" d /bin/sleep 1000
vigil define "$T/d.xml" >/dev/null || vg_fail "define without uuid"
uuid=$(sed -n 's|^ *<uuid>\(.*\)</uuid>$|\1|p' "$cfg/d.xml")
[ -n "$uuid" ] || vg_fail "no uuid stored: $(cat "$cfg/d.xml")"
grep -q "<mac address=\"52:54:00:" "$cfg/d.xml" || vg_fail "no MAC stored: $(cat "$cfg/d.xml")"
vigil info d | grep -q "^UUID: *$uuid$" || vg_fail "info's uuid: $(vigil info d)"
vigil define "$T/d.xml" >/dev/null || vg_fail "redefine without uuid"
grep -q "<uuid>$uuid</uuid>" "$cfg/d.xml" || vg_fail "redefine changed the uuid: $(grep uuid "$cfg/d.xml")"
VG_EXTRA="<uuid>00000000-0000-4000-8000-000000000001</uuid>" vg_domain "$T/d2.xml" d /bin/sleep 1000
err=$(vigil define "$T/d2.xml" 2>&1) && vg_fail "redefine with another uuid succeeded"
[ "$err" = "vigil: guest d is already defined with uuid $uuid" ] || vg_fail "another uuid: $err"
grep -q "<uuid>$uuid</uuid>" "$cfg/d.xml" || vg_fail "refused redefine changed the config"
vg_ok "define stores a generated uuid ($uuid) and MAC, keeps it, and refuses another"

# define stores the bytes; defining again replaces them.
VG_EXTRA="<uuid>$uuid</uuid>" vg_domain "$T/d.xml" d /bin/sleep 1000
vigil define "$T/d.xml" >/dev/null || vg_fail "define"
cmp -s "$T/d.xml" "$cfg/d.xml" || vg_fail "stored config differs"
VG_EXTRA="<uuid>$uuid</uuid>" VG_MEMORY_KIB=131072 vg_domain "$T/d.xml" d /bin/sh -c 'printf "%s|" "$0" "$@" >'"$out"'/args; exec sleep 1000' 'a b' "c'd" 'e"f'
vigil define "$T/d.xml" >/dev/null || vg_fail "define again"
cmp -s "$T/d.xml" "$cfg/d.xml" || vg_fail "redefined config not stored"
vigil info d | grep -Eq '^State: +shut off$' || vg_fail "info of a defined guest: $(vigil info d)"
vigil info d | grep -Eq '^Memory limit: +128.0 MiB$' || vg_fail "info limit: $(vigil info d)"
vg_ok "define, redefine, info of a defined guest"

# Arguments reach the init as given.
vigil start d >/dev/null || vg_fail "start"
vg_wait 5 test -s "$out/args" || vg_fail "no args"
[ "$(cat "$out/args")" = "a b|c'd|e\"f|" ] || vg_fail "args: $(cat "$out/args")"
vg_ok "initargs: $(cat "$out/args")"

# list and info, text and JSON.
sup=$(vg_state d supervisor_pid)
vigil --json list | grep -q "\"id\": $sup" || vg_fail "list --json: $(vigil --json list)"
vigil list --json | grep -q '"state": "running"' || vg_fail "list --json after the verb"
vigil info d --json | grep -q "\"supervisor_pid\": $sup" || vg_fail "info --json: $(vigil info d --json)"
vigil info d --json | grep -q '"interfaces": \[\]' || vg_fail "info --json interfaces"
vigil info d | grep -Eq "^Supervisor PID: +$sup\$" || vg_fail "info: $(vigil info d)"
vigil info d | grep -Eq '^Init PID: +[0-9]+$' || vg_fail "info init pid"
vigil info d | grep -Eq '^Memory used: +[0-9.]+ MiB$' || vg_fail "info memory: $(vigil info d)"
vigil info d | grep -Eq '^CPU time: +[0-9.]+ s$' || vg_fail "info cpu: $(vigil info d)"
vigil destroy d >/dev/null || vg_fail "destroy"
vg_ok "list and info (text and --json)"

# start FILE runs a guest without defining it.
vg_domain "$T/e.xml" e /bin/sleep 1000
vigil start "$T/e.xml" >/dev/null || vg_fail "start FILE"
vigil list | grep -Eq ' e +running$' || vg_fail "FILE guest not listed"
vigil destroy e >/dev/null || vg_fail "destroy FILE guest"
[ ! -e "$cfg/e.xml" ] || vg_fail "start FILE defined the guest"
vigil list --all | grep -q ' e ' && vg_fail "FILE guest listed after destroy"
vigil list --all | grep -Eq '^ - +d +shut off$' || vg_fail "list --all: $(vigil list --all)"
vg_ok "start FILE: runs, not defined"

for args in "start" "destroy" "info" "info a b" "define" "undefine" "cleanup" \
    "shutdown" "start a b" "list --bogus" "start --bogus d"; do
	vigil $args >/dev/null 2>&1; rc=$?
	[ "$rc" = 2 ] || vg_fail "vigil $args: exit status $rc, not 2"
done
vg_ok "usage errors exit 2"
vigil undefine d >/dev/null || vg_fail "undefine"

# A stored config whose name is not its file's: refused.
sed 's|<name>d</name>|<name>other</name>|' "$T/d.xml" >"$cfg/d.xml"
err=$(vigil start d 2>&1) && vg_fail "start of a misnamed config succeeded"
[ "$err" = "vigil: $cfg/d.xml names guest other, not d" ] || vg_fail "misnamed: $err"
vg_ok "$err"
