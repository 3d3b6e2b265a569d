#!/bin/bash
# vigil start --foreground, as systemd's vigil@.service runs the supervisor:
# attached, logging to stderr, READY=1 / STATUS= / STOPPING=1 sent to
# $NOTIFY_SOCKET, SIGTERM stops the guest and the supervisor.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

# A datagram socket standing in for systemd's, printing what it gets.
export NOTIFY_SOCKET=$T/notify.sock
perl -MIO::Socket::UNIX -MSocket -e '
	$| = 1;
	my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $ARGV[0]) or die "$!\n";
	while (defined $s->recv(my $m, 4096)) { $m =~ s/\n/|/g; print "$m\n"; }' \
	"$NOTIFY_SOCKET" >"$T/notes" & listener=$!
vg_on_exit "kill $listener"
vg_wait 5 test -S "$NOTIFY_SOCKET" || vg_fail "no notify socket"

vg_domain "$T/fg.xml" fg /bin/sh -c 'trap "exit 0" TERM; while :; do sleep 1 & wait; done'
"$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT" start --foreground "$T/fg.xml" \
	2>"$T/stderr" & fg=$!
vg_on_exit "kill -9 $fg"
vg_wait 10 grep -q '^READY=1' "$T/notes" || vg_fail "no READY=1: $(cat "$T/notes") $(cat "$T/stderr")"
grep -Eq '^READY=1\|STATUS=guest fg running \(init pid [0-9]+\)$' "$T/notes" ||
	vg_fail "notes: $(cat "$T/notes")"
# The launcher became the supervisor.
[ "$(vg_state fg supervisor_pid)" = "$fg" ] || vg_fail "the supervisor is not the launcher's pid"
vigil list | grep -Eq "^ $fg +fg +running\$" || vg_fail "list: $(vigil list)"
grep -q 'vigil-supervisor\[fg\]: init /bin/sh running' "$T/stderr" ||
	vg_fail "no log on stderr: $(cat "$T/stderr")"
[ ! -s "$VIGIL_ROOT/var/log/vigil/fg.log" ] || vg_fail "logged to the file in the foreground"
vg_ok "--foreground: READY=1 and STATUS= sent, logs on stderr"

kill -TERM "$fg"
wait "$fg"; rc=$?
[ "$rc" = 0 ] || vg_fail "exit status $rc after SIGTERM"
vg_wait 2 grep -q '^STOPPING=1' "$T/notes" || vg_fail "no STOPPING=1: $(cat "$T/notes")"
vg_gone fg || vg_fail "run dir left"
[ -z "$(vg_cgroups fg)" ] || vg_fail "cgroup left"
vg_ok "SIGTERM: STOPPING=1, guest stopped, exit status 0"

# An init that fails makes the supervisor fail (systemd marks the unit).
vg_domain "$T/fg.xml" fg /bin/sh -c 'exit 7'
vigil start --foreground "$T/fg.xml" 2>"$T/stderr"; rc=$?
[ "$rc" = 1 ] || vg_fail "exit status $rc for an init that exited 7"
grep -q 'init exited: exit code 7' "$T/stderr" || vg_fail "stderr: $(cat "$T/stderr")"
vg_ok "a failing init fails the foreground supervisor"

# The unit file runs the supervisor this way.
unit=$VIGIL_BUILDDIR/conf/systemd/vigil@.service
if [ -f "$unit" ]; then
	grep -Eq '^ExecStart=/.*/vigil-supervisor --name %i --foreground$' "$unit" || vg_fail "unit: $(cat "$unit")"
	grep -qx 'Type=notify' "$unit" && grep -qx 'Delegate=yes' "$unit" || vg_fail "unit: $(cat "$unit")"
	vg_ok "vigil@.service: Type=notify, Delegate=yes, --foreground"
fi
