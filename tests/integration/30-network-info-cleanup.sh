#!/bin/bash
# Guest interfaces in `vigil info` and after a killed supervisor (issue 5):
# info lists each interface with its type, host port, MAC and bridge; a
# supervisor killed with SIGKILL leaves a host link behind (here the ifb
# of an outbound limit: the veth itself goes with the guest's namespace),
# which `vigil cleanup` removes, as the next start would.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'

vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null &&
	vigil net-start default >/dev/null 2>&1 || vg_fail "network default"
vg_busybox_root "$T/root"
VG_DEVICES="<filesystem type='mount'><source dir='$T/root'/><target dir='/'/><readonly/></filesystem>
<interface type='network'>
  <mac address='52:54:00:00:00:11'/>
  <source network='default'/>
  <target dev='vnic-alice'/>
  <bandwidth><outbound average='10240'/></bandwidth>
</interface>" vg_domain "$T/alice.xml" alice /bin/sleep 100000
vigil start "$T/alice.xml" >/dev/null || vg_fail "start alice"

info=$(vigil info alice)
line=$(grep '^Interface:' <<<"$info") || vg_fail "info lists no interface: $info"
for want in type=network port=vnic-alice mac=52:54:00:00:00:11 bridge=virbr0 guest=eth0; do
	grep -q " $want\b" <<<"$line" || vg_fail "info lacks $want: $line"
done
j=$(vigil --json info alice | jq -c '.interfaces[0] | [.type, .port, .mac, .bridge]')
[ "$j" = '["network","vnic-alice","52:54:00:00:00:11","virbr0"]' ] ||
	vg_fail "info --json: $j"
vg_ok "info: $line"

ifb=$(ip -o link | grep -o 'vgb[0-9]*' | head -1)
[ -n "$ifb" ] || vg_fail "no ifb for the outbound limit"
kill -9 "$(vg_state alice supervisor_pid)"
vg_wait 5 sh -c '! ip link show vnic-alice >/dev/null 2>&1' ||
	vg_fail "vnic-alice outlived the guest's namespace"
ip link show "$ifb" >/dev/null 2>&1 || vg_fail "nothing left to clean up"
out=$(vigil cleanup alice 2>&1) || vg_fail "cleanup: $out"
ip link show "$ifb" >/dev/null 2>&1 && vg_fail "cleanup left $ifb"
vg_gone alice || vg_fail "cleanup left the run dir"
vg_ok "SIGKILLed supervisor: $ifb left behind, removed by vigil cleanup ($out)"

# the same leftovers are removed by the next start
vigil start "$T/alice.xml" >/dev/null || vg_fail "start after cleanup"
ifb=$(ip -o link | grep -o 'vgb[0-9]*' | head -1)
kill -9 "$(vg_state alice supervisor_pid)"
vg_wait 5 sh -c '! ip link show vnic-alice >/dev/null 2>&1' || vg_fail "vnic-alice stayed"
vigil start "$T/alice.xml" >/dev/null || vg_fail "start after a kill"
ip link show "$ifb" >/dev/null 2>&1 && vg_fail "start left the old $ifb"
[ "$(ip -o link | grep -c 'vgb[0-9]')" = 1 ] || vg_fail "ifbs: $(ip -o link | grep vgb)"
vigil destroy alice >/dev/null || vg_fail "destroy"
ip -o link | grep -q -e vgb -e vnic-alice && vg_fail "links left: $(ip -o link)"
vg_ok "a start after a kill removes the old leftovers"
exit 0
