#!/bin/bash
# The control socket under abuse: garbage, a 1 MiB line, a client that
# stops mid-request, 500 connect/disconnect cycles (the supervisor's fd
# count stays the same), a client that never finishes its line while
# others are served, and a peer of another uid, which is refused.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

vg_domain "$T/ctl.xml" ctl /bin/sleep 1000
vigil start "$T/ctl.xml" >/dev/null || vg_fail "start"
sup=$(vg_state ctl supervisor_pid)
sock=$VIGIL_ROOT/run/vigil/guests/ctl/control.sock
[ "$(stat -c %a "$sock")" = 600 ] || vg_fail "control.sock mode $(stat -c %a "$sock")"
fds() { ls "/proc/$sup/fd" | wc -l; }
alive() {
	vg_ctl ctl '{"cmd":"status"}' | grep -q '"state":"running"' ||
		vg_fail "$1: status no longer answered"
}
fdlist() { ls -l "/proc/$sup/fd" | awk '{print $9, $11}' | sort; }

out=$(vg_ctl ctl '{"cmd":"status"}')
echo "$out" | grep -q '^{"ok":true,.*"proto":1' || vg_fail "status: $out"
# Counted once the loop runs: the start handshake's pipe is closed only
# after the launcher has its answer.
fds0=$(fds)
fdlist >"$T/fds0"
out=$(vg_ctl ctl 'garbage' '{"cmd":"nope"}' '[1,2]' '{"cmd":"status","cmd":"stats"}' \
	'{"cmd":"shutdown","timeout":"soon"}' '{"cmd":"stats"}')
[ "$(echo "$out" | wc -l)" = 6 ] || vg_fail "not one answer per line: $out"
[ "$(echo "$out" | grep -c '^{"ok":false,"error":"[^"]')" = 5 ] || vg_fail "errors: $out"
echo "$out" | grep -q 'unknown command \\"nope\\"' || vg_fail "unknown command: $out"
echo "$out" | tail -1 | grep -q '^{"ok":true,"memory_current":' || vg_fail "stats after errors: $out"
alive "garbage"
vg_ok "garbage gets one error per line"

# A 1 MiB line: an error, then the connection is closed.
out=$(perl -MIO::Socket::UNIX -MSocket -e '
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die;
	$SIG{PIPE} = "IGNORE";
	print $s ("x" x (1024 * 1024)) . "\n";
	print while <$s>;' "$sock")
[ "$out" = '{"ok":false,"error":"request longer than 65536 bytes"}' ] || vg_fail "1 MiB line: $out"
alive "1 MiB line"
vg_ok "a 1 MiB line: $out"

# A client that stops mid-request, another that never ends its line while
# others are answered.
perl -MIO::Socket::UNIX -MSocket -e '
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die;
	print $s "{\"cmd\":\"sta";' "$sock"
perl -MIO::Socket::UNIX -MSocket -e '
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die;
	$| = 1; print $s "{\"cmd\":"; sleep 30;' "$sock" & stall=$!
vg_on_exit "kill $stall"
sleep 0.2
for i in 1 2 3; do alive "a stalled client"; done
kill "$stall"; wait "$stall" 2>/dev/null
vg_ok "half-sent requests harm nobody"

# 500 connect/disconnect cycles, some with a request.
perl -MIO::Socket::UNIX -MSocket -e '
	for my $i (1 .. 500) {
		my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0])
			or die "connect $i: $!\n";
		print $s "{\"cmd\":\"status\"}\n" if $i % 2;
		close $s;
	}' "$sock" || vg_fail "connect cycles"
alive "500 cycles"
vg_wait 5 sh -c "[ \$(ls /proc/$sup/fd | wc -l) = $fds0 ]" ||
	vg_fail "fds: $fds0 before, $(fds) after 500 cycles: $(fdlist | diff "$T/fds0" - | tr '\n' ' ')"
vg_ok "500 connect/disconnect cycles: $fds0 fds before and after"

# Another uid, given access to the socket file, is still refused.
chmod 711 "$T"; chmod 755 "$(dirname "$sock")"; chmod 666 "$sock"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups perl -MIO::Socket::UNIX -MSocket -e '
	my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $ARGV[0]) or die "$!\n";
	$SIG{PIPE} = "IGNORE";	# it may close before we write
	print $s "{\"cmd\":\"destroy\"}\n";
	print while <$s>;' "$sock" 2>&1)
chmod 700 "$T" "$(dirname "$sock")"; chmod 600 "$sock"
[ "$out" = '{"ok":false,"error":"permission denied: uid 65534 may not control this guest"}' ] ||
	vg_fail "another uid: $out"
alive "another uid"
vg_ok "uid 65534 refused: $out"

vigil destroy ctl >/dev/null || vg_fail "destroy"
vg_gone ctl || vg_fail "run dir left"
