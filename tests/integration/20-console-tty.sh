#!/bin/bash
# Console (issue 4) on a terminal, driven through tmux: attach to the
# seed's /bin/sh hello world, type `echo hi`, see it, detach with Ctrl-],
# the terminal is exactly as before (stty -g), a window size change reaches
# the guest, reattaching replays the earlier output from the ring, and a
# client ended by SIGTERM restores the terminal too.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
command -v tmux >/dev/null || vg_skip "needs tmux"

vg_busybox_root "$T/root"
cat >"$T/helloworld.xml" <<EOF
<domain type='lxc'>
  <name>helloworld</name>
  <memory>102400</memory>
  <os><type>exe</type><init>/bin/sh</init></os>
  <devices>
    <console type='pty'/>
    <filesystem type='mount'>
      <source dir='$T/root'/>
      <target dir='/'/>
    </filesystem>
  </devices>
</domain>
EOF
out=$(vigil start "$T/helloworld.xml") || vg_fail "start: $out"
vg_on_exit "'$VIGIL_BUILDDIR/vigil' --root '$VIGIL_ROOT' destroy helloworld"

TM=(tmux -L "vigil-test-$$" -f /dev/null)
vg_on_exit "tmux -L vigil-test-$$ kill-server"
# A plain shell in an 100x30 pane; the console command is a script, so the
# pane's shell line stays short.
cat >"$T/attach" <<EOF
#!/bin/sh
echo \$\$ >"$T/client.pid"
exec "$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT" console helloworld "\$@"
EOF
chmod +x "$T/attach"
"${TM[@]}" new-session -d -s t -x 100 -y 30 \
	"env -i PATH=/usr/bin:/bin TERM=screen PS1='host\$ ' bash --norc -i" ||
	vg_fail "tmux"
"${TM[@]}" set-option -g window-size manual

pane() { "${TM[@]}" capture-pane -p -J -t t -S -1000; }
pane_has() { pane | grep -q -F -- "$1"; }
pane_count() { pane | grep -c -F -- "$1"; }
pane_count_ge() { [ "$(pane_count "$1")" -ge "$2" ]; }
pane_line() { pane | grep -q -x -- "$1"; }
keys() { "${TM[@]}" send-keys -t t "$@"; }
# run CMD: type a host shell command, wait until it has written $T/done
run() {
	rm -f "$T/done"
	keys "$1; echo \$? >$T/done" Enter
	vg_wait 10 test -s "$T/done" || vg_fail "'$1' did not finish: $(pane)"
}
wait_pane() { vg_wait 10 pane_has "$1" || vg_fail "no '$1' in: $(pane)"; }

vg_wait 10 pane_has 'host$' || vg_fail "no shell prompt: $(pane)"
run "stty -g >$T/stty.before"

# Attach, type, see the output.
keys "$T/attach; echo rc=\$? >$T/rc" Enter
wait_pane "Connected to guest helloworld"
wait_pane "Escape character is ^]"
keys 'echo hi-$((40 + 2))' Enter
vg_wait 10 pane_line "hi-42" || vg_fail "no output: $(pane)"

# A window size change reaches the guest.
"${TM[@]}" resize-window -t t -x 90 -y 25
sleep 0.5
keys 'stty size' Enter
vg_wait 10 pane_line "25 90" || vg_fail "no new size: $(pane)"
vg_ok "attached, typed, resized"

# Ctrl-] detaches; the terminal is as it was.
keys C-]
vg_wait 10 test -s "$T/rc" || vg_fail "Ctrl-] did not detach: $(pane)"
[ "$(cat "$T/rc")" = "rc=0" ] || vg_fail "detach: $(cat "$T/rc")"
run "stty -g >$T/stty.after"
cmp -s "$T/stty.before" "$T/stty.after" ||
	vg_fail "terminal not restored: $(cat "$T/stty.before") != $(cat "$T/stty.after")"
vg_ok "Ctrl-] detached, terminal restored"

# Reattach on a cleared screen: the earlier output comes back from the ring.
keys clear Enter
"${TM[@]}" clear-history -t t
vg_wait 10 test "$(pane_count hi-42)" -eq 0 || vg_fail "pane not cleared"
rm -f "$T/rc"
keys "$T/attach; echo rc=\$? >$T/rc" Enter
wait_pane "Connected to guest helloworld"
vg_wait 10 pane_line "hi-42" || vg_fail "no replay: $(pane)"
vg_ok "reattached, earlier output replayed"

# SIGTERM to the client: it ends, the terminal is restored.
kill -TERM "$(cat "$T/client.pid")"
vg_wait 10 test -s "$T/rc" || vg_fail "SIGTERM: client still there: $(pane)"
run "stty -g >$T/stty.after"
cmp -s "$T/stty.before" "$T/stty.after" || vg_fail "SIGTERM: terminal not restored"
vg_ok "SIGTERM: terminal restored ($(cat "$T/rc"))"

# The guest ends while attached: the client says so and exits 0.
rm -f "$T/rc"
keys "$T/attach; echo rc=\$? >$T/rc" Enter
vg_wait 10 pane_count_ge "Connected to guest helloworld" 2 ||
	vg_fail "third attach: $(pane)"
keys 'exit 7' Enter
vg_wait 10 test -s "$T/rc" || vg_fail "client still attached: $(pane)"
[ "$(cat "$T/rc")" = "rc=0" ] || vg_fail "guest end: $(cat "$T/rc")"
wait_pane "Guest helloworld exited (exit code 7)"
run "stty -g >$T/stty.after"
cmp -s "$T/stty.before" "$T/stty.after" || vg_fail "guest end: terminal not restored"
vg_ok "guest ended: message, exit 0, terminal restored"
