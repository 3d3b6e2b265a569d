# tests/: unit (Check, TAP), integration (shell, as root), fuzz corpus runs.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
UNIT_LDADD = libvigil-filters.la libvigil-common.la $(CHECK_LIBS) \
	$(LIBXML_LIBS) $(JANSSON_LIBS)
UNIT_MAIN = tests/unit/unit-main.c tests/unit/unit.h

check_PROGRAMS += tests/unit/test-err
tests_unit_test_err_SOURCES = tests/unit/test-err.c $(UNIT_MAIN)
tests_unit_test_err_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_err_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ring
tests_unit_test_ring_SOURCES = tests/unit/test-ring.c $(UNIT_MAIN)
tests_unit_test_ring_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ring_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-console
tests_unit_test_console_SOURCES = tests/unit/test-console.c $(UNIT_MAIN) \
	supervisor/console.c supervisor/console-client.c supervisor/console-log.c
tests_unit_test_console_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS)
tests_unit_test_console_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS)

# A raw console.sock client for the console's integration tests.
noinst_PROGRAMS += tests/lib/console-peer
tests_lib_console_peer_SOURCES = tests/lib/console-peer.c

check_PROGRAMS += tests/unit/test-proto
tests_unit_test_proto_SOURCES = tests/unit/test-proto.c $(UNIT_MAIN)
tests_unit_test_proto_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_proto_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-child
tests_unit_test_child_SOURCES = tests/unit/test-child.c supervisor/child.c \
	$(UNIT_MAIN)
tests_unit_test_child_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS)
tests_unit_test_child_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS)

check_PROGRAMS += tests/unit/test-trim
tests_unit_test_trim_SOURCES = tests/unit/test-trim.c supervisor/trim.c \
	$(UNIT_MAIN)
tests_unit_test_trim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_trim_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/test-caps
tests_unit_test_caps_SOURCES = tests/unit/test-caps.c supervisor/caps.c \
	$(UNIT_MAIN)
tests_unit_test_caps_CFLAGS = $(UNIT_CFLAGS) $(LIBCAP_CFLAGS)
tests_unit_test_caps_LDADD = $(UNIT_LDADD) $(LIBCAP_LIBS)

# supervisor/dhcp.c is pure: its tests build it directly.
check_PROGRAMS += tests/unit/test-dhcp
tests_unit_test_dhcp_SOURCES = tests/unit/test-dhcp.c supervisor/dhcp.c \
	$(UNIT_MAIN)
tests_unit_test_dhcp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dhcp_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-leases
tests_unit_test_leases_SOURCES = tests/unit/test-leases.c \
	supervisor/leases.c $(UNIT_MAIN)
tests_unit_test_leases_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_leases_LDADD = $(UNIT_LDADD)

# The snooper on a veth pair in a private network namespace (root).
SNOOP_SOURCES = supervisor/snoop.c supervisor/snoop-addrs.c \
	supervisor/snoop-bpf.c supervisor/snoop-rules.c \
	supervisor/snoop-priv.h supervisor/dhcp.c supervisor/leases.c \
	tests/unit/frames.c tests/unit/frames.h
SNOOP_LDADD = libvigil-common.la $(CHECK_LIBS) $(LIBXML_LIBS) \
	$(JANSSON_LIBS) $(LIBEVENT_LIBS)
check_PROGRAMS += tests/unit/test-snoop
tests_unit_test_snoop_SOURCES = tests/unit/test-snoop.c $(SNOOP_SOURCES) \
	$(UNIT_MAIN)
tests_unit_test_snoop_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS)
tests_unit_test_snoop_LDADD = $(SNOOP_LDADD)

# Learning wired to a real port filter on a bridge port (root).
check_PROGRAMS += tests/unit/test-learn
tests_unit_test_learn_SOURCES = tests/unit/test-learn.c \
	tests/unit/frames.c tests/unit/frames.h $(UNIT_MAIN)
tests_unit_test_learn_CFLAGS = $(UNIT_CFLAGS) $(SUPERVISOR_CFLAGS)
tests_unit_test_learn_LDADD = libvigil-supervisor.la $(UNIT_LDADD) \
	$(SUPERVISOR_LIBS)

check_PROGRAMS += tests/unit/test-config-network
tests_unit_test_config_network_SOURCES = tests/unit/test-config-network.c \
	$(UNIT_MAIN)
tests_unit_test_config_network_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_network_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-addr
tests_unit_test_addr_SOURCES = tests/unit/test-addr.c $(UNIT_MAIN)
tests_unit_test_addr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_addr_LDADD = $(UNIT_LDADD)

# Guest config: the shared helpers are tests/unit/domtest.c.
DOMTEST = tests/unit/domtest.c tests/unit/domtest.h $(UNIT_MAIN)
check_PROGRAMS += tests/unit/test-config-domain
tests_unit_test_config_domain_SOURCES = tests/unit/test-config-domain.c \
	$(DOMTEST)
tests_unit_test_config_domain_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_domain_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-config-domain-os
tests_unit_test_config_domain_os_SOURCES = \
	tests/unit/test-config-domain-os.c $(DOMTEST)
tests_unit_test_config_domain_os_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_domain_os_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-config-domain-devices
tests_unit_test_config_domain_devices_SOURCES = \
	tests/unit/test-config-domain-devices.c $(DOMTEST)
tests_unit_test_config_domain_devices_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_domain_devices_LDADD = $(UNIT_LDADD)

# Real cgroups when run as root (only the pure helpers otherwise).
check_PROGRAMS += tests/unit/test-cgrp
tests_unit_test_cgrp_SOURCES = tests/unit/test-cgrp.c $(UNIT_MAIN) \
	supervisor/cgrp.c supervisor/cgrp-event.c supervisor/cgrp-file.c
tests_unit_test_cgrp_CFLAGS = $(UNIT_CFLAGS) $(LIBCGROUP_CFLAGS) \
	$(LIBEVENT_CFLAGS)
tests_unit_test_cgrp_LDADD = $(UNIT_LDADD) $(LIBCGROUP_LIBS) $(LIBEVENT_LIBS)

# The port filter against the kernel, in network namespaces (root).
check_PROGRAMS += tests/unit/test-port-filter
tests_unit_test_port_filter_SOURCES = tests/unit/test-port-filter.c \
	supervisor/port-filter.c supervisor/port-filter-cleanup.c \
	supervisor/port-filter-nl.c supervisor/port-filter-watch.c $(UNIT_MAIN)
tests_unit_test_port_filter_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_unit_test_port_filter_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS) \
	$(LIBNL_LIBS) $(LIBNFTABLES_LIBS)

check_PROGRAMS += tests/unit/test-nwf-compile
tests_unit_test_nwf_compile_SOURCES = tests/unit/test-nwf-compile.c \
	$(UNIT_MAIN)
tests_unit_test_nwf_compile_CFLAGS = $(UNIT_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_unit_test_nwf_compile_LDADD = $(UNIT_LDADD) $(LIBNFTABLES_LIBS)

check_PROGRAMS += tests/unit/test-nwf-parse
tests_unit_test_nwf_parse_SOURCES = tests/unit/test-nwf-parse.c $(UNIT_MAIN)
tests_unit_test_nwf_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nwf_parse_LDADD = $(UNIT_LDADD)

# The launcher's network config generators, built from their sources.
check_PROGRAMS += tests/unit/test-netconf
tests_unit_test_netconf_SOURCES = tests/unit/test-netconf.c \
	launcher/dnsmasq.c launcher/nat.c $(UNIT_MAIN)
tests_unit_test_netconf_CFLAGS = $(UNIT_CFLAGS) $(LIBNL_CFLAGS) \
	$(LIBNL_ROUTE_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_unit_test_netconf_LDADD = $(UNIT_LDADD) $(LIBNL_ROUTE_LIBS) \
	$(LIBNL_LIBS) $(LIBNFTABLES_LIBS)

# supervisor/port.c against the kernel (root: each test in its own netns).
check_PROGRAMS += tests/unit/test-port
tests_unit_test_port_SOURCES = tests/unit/test-port.c \
	supervisor/port.c supervisor/port-bw.c supervisor/port-set.c \
	supervisor/port-cleanup.c $(UNIT_MAIN)
tests_unit_test_port_CFLAGS = $(UNIT_CFLAGS) $(LIBNL_CFLAGS) \
	$(LIBNL_ROUTE_CFLAGS)
tests_unit_test_port_LDADD = $(UNIT_LDADD) $(LIBNL_ROUTE_LIBS) $(LIBNL_LIBS)

# Fuzz targets: built here with a plain main that runs the seed corpus once;
# scripts/check builds them again with clang -fsanitize=fuzzer.
FUZZ_MAIN = tests/fuzz/standalone.c
FUZZ_TARGETS =
EXTRA_PROGRAMS =

check_PROGRAMS += tests/fuzz/run-control
tests_fuzz_run_control_SOURCES = tests/fuzz/fuzz-control.c $(FUZZ_MAIN)
tests_fuzz_run_control_CFLAGS = $(UNIT_CFLAGS) -DFUZZ_CORPUS='"control"'
tests_fuzz_run_control_LDADD = $(UNIT_LDADD)
EXTRA_PROGRAMS += tests/fuzz/fuzz-control
tests_fuzz_fuzz_control_SOURCES = tests/fuzz/fuzz-control.c
tests_fuzz_fuzz_control_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_fuzz_control_LDADD = $(UNIT_LDADD)
tests_fuzz_fuzz_control_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-control

# The console's hello line (supervisor/console-client.c).
CONSOLE_SOURCES = supervisor/console.c supervisor/console-client.c \
	supervisor/console-log.c
check_PROGRAMS += tests/fuzz/run-console-hello
tests_fuzz_run_console_hello_SOURCES = tests/fuzz/fuzz-console-hello.c \
	$(CONSOLE_SOURCES) $(FUZZ_MAIN)
tests_fuzz_run_console_hello_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS) \
	-DFUZZ_CORPUS='"console-hello"'
tests_fuzz_run_console_hello_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS)
EXTRA_PROGRAMS += tests/fuzz/fuzz-console-hello
tests_fuzz_fuzz_console_hello_SOURCES = tests/fuzz/fuzz-console-hello.c \
	$(CONSOLE_SOURCES)
tests_fuzz_fuzz_console_hello_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS)
tests_fuzz_fuzz_console_hello_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS)
tests_fuzz_fuzz_console_hello_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-console-hello

check_PROGRAMS += tests/fuzz/run-dhcp
tests_fuzz_run_dhcp_SOURCES = tests/fuzz/fuzz-dhcp.c supervisor/dhcp.c \
	$(FUZZ_MAIN)
tests_fuzz_run_dhcp_CFLAGS = $(UNIT_CFLAGS) -DFUZZ_CORPUS='"dhcp"'
tests_fuzz_run_dhcp_LDADD = $(UNIT_LDADD)
EXTRA_PROGRAMS += tests/fuzz/fuzz-dhcp
tests_fuzz_fuzz_dhcp_SOURCES = tests/fuzz/fuzz-dhcp.c supervisor/dhcp.c
tests_fuzz_fuzz_dhcp_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_fuzz_dhcp_LDADD = $(UNIT_LDADD)
tests_fuzz_fuzz_dhcp_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-dhcp

check_PROGRAMS += tests/fuzz/run-network
tests_fuzz_run_network_SOURCES = tests/fuzz/fuzz-network.c $(FUZZ_MAIN)
tests_fuzz_run_network_CFLAGS = $(UNIT_CFLAGS) -DFUZZ_CORPUS='"network"'
tests_fuzz_run_network_LDADD = $(UNIT_LDADD)
EXTRA_PROGRAMS += tests/fuzz/fuzz-network
tests_fuzz_fuzz_network_SOURCES = tests/fuzz/fuzz-network.c
tests_fuzz_fuzz_network_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_fuzz_network_LDADD = $(UNIT_LDADD)
tests_fuzz_fuzz_network_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-network

check_PROGRAMS += tests/fuzz/run-filter
tests_fuzz_run_filter_SOURCES = tests/fuzz/fuzz-filter.c $(FUZZ_MAIN)
tests_fuzz_run_filter_CFLAGS = $(UNIT_CFLAGS) -DFUZZ_CORPUS='"filter"'
tests_fuzz_run_filter_LDADD = $(UNIT_LDADD)
EXTRA_PROGRAMS += tests/fuzz/fuzz-filter
tests_fuzz_fuzz_filter_SOURCES = tests/fuzz/fuzz-filter.c
tests_fuzz_fuzz_filter_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_fuzz_filter_LDADD = $(UNIT_LDADD)
tests_fuzz_fuzz_filter_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-filter

check_PROGRAMS += tests/fuzz/run-domain
tests_fuzz_run_domain_SOURCES = tests/fuzz/fuzz-domain.c $(FUZZ_MAIN)
tests_fuzz_run_domain_CFLAGS = $(UNIT_CFLAGS) -DFUZZ_CORPUS='"domain"'
tests_fuzz_run_domain_LDADD = $(UNIT_LDADD)
EXTRA_PROGRAMS += tests/fuzz/fuzz-domain
tests_fuzz_fuzz_domain_SOURCES = tests/fuzz/fuzz-domain.c
tests_fuzz_fuzz_domain_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_fuzz_domain_LDADD = $(UNIT_LDADD)
tests_fuzz_fuzz_domain_LDFLAGS = -fsanitize=fuzzer
FUZZ_TARGETS += tests/fuzz/fuzz-domain

# The attack tests' helper: a port's filter without a guest around it.
PORT_FILTER_SOURCES = supervisor/port-filter.c \
	supervisor/port-filter-cleanup.c supervisor/port-filter-nl.c \
	supervisor/port-filter-watch.c
noinst_PROGRAMS += tests/attacks/port-filter-tool
tests_attacks_port_filter_tool_SOURCES = tests/attacks/port-filter-tool.c \
	$(PORT_FILTER_SOURCES)
tests_attacks_port_filter_tool_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_attacks_port_filter_tool_LDADD = libvigil-filters.la \
	libvigil-common.la $(LIBXML_LIBS) $(JANSSON_LIBS) $(LIBEVENT_LIBS) \
	$(LIBNL_LIBS) $(LIBNFTABLES_LIBS)

# Benchmarks (root, not part of make check): make bench-programs, then run
# each, e.g. tests/bench/learning.
BENCHES = tests/bench/learning
EXTRA_PROGRAMS += tests/bench/learning
tests_bench_learning_SOURCES = tests/bench/learning.c $(SNOOP_SOURCES) \
	supervisor/port-filter.c supervisor/port-filter-cleanup.c \
	supervisor/port-filter-nl.c supervisor/port-filter-watch.c
tests_bench_learning_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_bench_learning_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS) $(LIBNL_LIBS) \
	$(LIBNFTABLES_LIBS)
BENCHES += tests/bench/filters
EXTRA_PROGRAMS += tests/bench/filters
tests_bench_filters_SOURCES = tests/bench/filters.c \
	supervisor/port-filter.c supervisor/port-filter-cleanup.c \
	supervisor/port-filter-nl.c supervisor/port-filter-watch.c
tests_bench_filters_CFLAGS = $(UNIT_CFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
tests_bench_filters_LDADD = $(UNIT_LDADD) $(LIBEVENT_LIBS) $(LIBNL_LIBS) \
	$(LIBNFTABLES_LIBS)
# The raw pty ceiling for tests/bench/console-throughput.
BENCHES += tests/bench/pty-copy
EXTRA_PROGRAMS += tests/bench/pty-copy
tests_bench_pty_copy_SOURCES = tests/bench/pty-copy.c
bench-programs: $(BENCHES)
.PHONY: bench-programs

TESTS += $(check_PROGRAMS)
TESTS += tests/integration/20-console-clients.sh
TESTS += tests/integration/20-console-tty.sh
TESTS += tests/integration/30-network-lifecycle.sh
TESTS += tests/integration/30-network-dhcp.sh
TESTS += tests/integration/30-network-guests.sh
TESTS += tests/integration/30-network-bridge.sh
TESTS += tests/integration/30-network-bandwidth.sh
TESTS += tests/integration/30-network-info-cleanup.sh
TESTS += tests/integration/40-learning.sh
TESTS += tests/integration/41-learning-attacks.sh
# vigil validate over conf/examples and tests/data/bad (no root needed).
TESTS += tests/integration/01-validate.sh
TESTS += tests/integration/10-walkthrough.sh
TESTS += tests/integration/11-isolation.sh
TESTS += tests/integration/12-oom.sh
TESTS += tests/integration/13-faults.sh
TESTS += tests/integration/14-supervisor-kill.sh
TESTS += tests/integration/15-concurrent-start.sh
TESTS += tests/integration/16-control.sh
TESTS += tests/integration/17-shutdown.sh
TESTS += tests/integration/18-foreground.sh
TESTS += tests/integration/19-commands.sh
TESTS += tests/integration/40-filter-commands.sh
# The seed's attacks against the filters on real bridge ports (root).
TESTS += tests/attacks/seed.sh
EXTRA_DIST += tests/data tests/integration tests/lib tests/bench tests/fuzz \
	tests/attacks

# Built only by scripts/check's clang build (libFuzzer).
fuzz-targets: $(FUZZ_TARGETS)
.PHONY: fuzz-targets
