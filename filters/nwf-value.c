/* Checking of nwfilter attribute values and variable references. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "filters/nwf-value.h"

/* A name=number table for symbolic values. */
struct sym {
	const char *name;
	uint32_t value;
};

static const struct sym ethertypes[] = {
	{ "arp", 0x0806 }, { "rarp", 0x8035 }, { "ipv4", 0x0800 },
	{ "ipv6", 0x86dd }, { "vlan", 0x8100 }, { NULL, 0 },
};

static const struct sym ipprotos[] = {
	{ "tcp", 6 }, { "udp", 17 }, { "udplite", 136 }, { "esp", 50 },
	{ "ah", 51 }, { "icmp", 1 }, { "igmp", 2 }, { "sctp", 132 },
	{ "icmpv6", 58 }, { NULL, 0 },
};

static const struct sym arpops[] = {
	{ "Request", 1 }, { "Reply", 2 }, { "Request_Reverse", 3 },
	{ "Reply_Reverse", 4 }, { "DRARP_Request", 5 }, { "DRARP_Reply", 6 },
	{ "DRARP_Error", 7 }, { "InARP_Request", 8 }, { "ARP_NAK", 9 },
	{ NULL, 0 },
};

static const struct sym states[] = {
	{ "NEW", NWF_STATE_NEW }, { "ESTABLISHED", NWF_STATE_ESTABLISHED },
	{ "RELATED", NWF_STATE_RELATED }, { "INVALID", NWF_STATE_INVALID },
	{ "NONE", NWF_STATE_NONE }, { NULL, 0 },
};

static const struct sym tcpflags[] = {
	{ "FIN", 0x01 }, { "SYN", 0x02 }, { "RST", 0x04 }, { "PSH", 0x08 },
	{ "ACK", 0x10 }, { "URG", 0x20 }, { "ALL", 0x3f }, { "NONE", 0 },
	{ NULL, 0 },
};

static int
sym_lookup(const struct sym *t, const char *s, size_t len, uint32_t *out)
{
	for (; t->name != NULL; t++)
		if (strlen(t->name) == len &&
		    strncasecmp(t->name, s, len) == 0) {
			*out = t->value;
			return 0;
		}
	return -EINVAL;
}

/* Decimal, or hexadecimal with 0x; at most max. */
static int
parse_num(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;
	int base = 10, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s != '\0'; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char) *s))
			d = tolower((unsigned char) *s) - 'a' + 10;
		else
			return -EINVAL;
		v = v * (unsigned) base + (unsigned) d;
		if (v > max)
			return -ERANGE;
	}
	if (digits == 0)
		return -EINVAL;
	*out = (uint32_t) v;
	return 0;
}

/* Comma-separated names of t, or'ed together. */
static int
parse_flags(const struct sym *t, const char *s, size_t len, uint32_t *out)
{
	const char *end = s + len, *c;
	uint32_t v;

	*out = 0;
	if (len == 0)
		return -EINVAL;
	while (s < end) {
		c = memchr(s, ',', (size_t) (end - s));
		if (c == NULL)
			c = end;
		if (c == s || c + 1 == end ||
		    sym_lookup(t, s, (size_t) (c - s), &v) < 0)
			return -EINVAL;
		*out |= v;
		s = c < end ? c + 1 : end;
	}
	return 0;
}

static bool
contiguous(const uint8_t *b, size_t n)
{
	bool zero = false;
	size_t i;
	int bit;

	for (i = 0; i < n; i++)
		for (bit = 7; bit >= 0; bit--) {
			if ((b[i] >> bit) & 1) {
				if (zero)
					return false;
			} else {
				zero = true;
			}
		}
	return true;
}

static unsigned
count_ones(const uint8_t *b, size_t n)
{
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += (unsigned) __builtin_popcount(b[i]);
	return c;
}

static int
parse_ipmask(const char *s, int family, struct nwf_val *out,
    const char **why)
{
	unsigned max = family == AF_INET ? 32 : 128;
	uint32_t v;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		if (strlen(s) > 3 || parse_num(s, max, &v) < 0) {
			*why = family == AF_INET ? "prefix length over 32" :
			    "prefix length over 128";
			return -EINVAL;
		}
		out->prefix = v;
		return 0;
	}
	if (addr_ip_parse(s, &out->ip) < 0 || out->ip.family != family) {
		*why = family == AF_INET ? "not an IPv4 mask or prefix length "
		    "(0-32)" : "not an IPv6 mask or prefix length (0-128)";
		return -EINVAL;
	}
	if (!contiguous((const uint8_t *) &out->ip.u, max / 8)) {
		*why = "mask is not contiguous";
		return -EINVAL;
	}
	out->prefix = count_ones((const uint8_t *) &out->ip.u, max / 8);
	return 0;
}

static int
parse_ipsetname(const char *s, const char **why)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-+ ";

	if (*s == '\0' || strlen(s) > 31 || s[strspn(s, ok)] != '\0') {
		*why = "not an ipset name";
		return -EINVAL;
	}
	return 0;
}

static int
parse_ipsetflags(const char *s, uint32_t *out)
{
	uint32_t n = 0, src = 0;

	for (;;) {
		if (strncasecmp(s, "src", 3) == 0)
			src |= 1u << n;
		else if (strncasecmp(s, "dst", 3) != 0)
			return -EINVAL;
		n++;
		s += 3;
		if (*s == '\0')
			break;
		if (*s != ',' || n == 6)
			return -EINVAL;
		s++;
	}
	*out = n << 8 | src;
	return 0;
}

static int
parse_tcpflags(const char *s, uint32_t *out)
{
	const char *slash = strchr(s, '/');
	uint32_t mask, flags;

	if (slash == NULL ||
	    parse_flags(tcpflags, s, (size_t) (slash - s), &mask) < 0 ||
	    parse_flags(tcpflags, slash + 1, strlen(slash + 1), &flags) < 0)
		return -EINVAL;
	*out = (mask & 0x3f) << 8 | (flags & 0x3f);
	return 0;
}

static int
parse_named_num(const struct sym *names, const char *s, uint32_t min,
    uint32_t max, uint32_t *out)
{
	if (sym_lookup(names, s, strlen(s), out) == 0)
		return 0;
	if (parse_num(s, max, out) < 0 || *out < min)
		return -EINVAL;
	return 0;
}

int
nwf_value_parse(enum nwf_vtype t, const char *s, struct nwf_val *out,
    const char **why)
{
	memset(out, 0, sizeof *out);
	out->type = t;
	out->str = s;
	*why = NULL;
	switch (t) {
	case NWF_V_MAC:
	case NWF_V_MACMASK:
		if (addr_mac_parse(s, out->mac) == 0)
			return 0;
		*why = t == NWF_V_MAC ? "not a MAC address" : "not a MAC mask";
		return -EINVAL;
	case NWF_V_IP4:
	case NWF_V_IP6:
		if (addr_ip_parse(s, &out->ip) == 0 && out->ip.family ==
		    (t == NWF_V_IP4 ? AF_INET : AF_INET6))
			return 0;
		*why = t == NWF_V_IP4 ? "not an IPv4 address" :
		    "not an IPv6 address";
		return -EINVAL;
	case NWF_V_IP4MASK:
		return parse_ipmask(s, AF_INET, out, why);
	case NWF_V_IP6MASK:
		return parse_ipmask(s, AF_INET6, out, why);
	case NWF_V_U8:
	case NWF_V_U16:
	case NWF_V_U32:
	case NWF_V_DSCP:
	case NWF_V_VLANID: {
		static const uint32_t max[] = { 0xff, 0xffff, 0xffffffff, 63,
		    4095 };
		static const char *const what[] = { "not a number 0-255",
		    "not a number 0-65535", "not a number 0-4294967295",
		    "not a DSCP value 0-63", "not a VLAN id 0-4095" };
		int k = t == NWF_V_U8 ? 0 : t == NWF_V_U16 ? 1 :
		    t == NWF_V_U32 ? 2 : t == NWF_V_DSCP ? 3 : 4;

		if (parse_num(s, max[k], &out->u) == 0)
			return 0;
		*why = what[k];
		return -EINVAL;
	}
	case NWF_V_ETHERTYPE:
		if (parse_named_num(ethertypes, s, 0x600, 0xffff, &out->u) == 0)
			return 0;
		*why = "not a protocol id (0x600-0xffff, arp, rarp, ipv4, "
		    "ipv6, vlan)";
		return -EINVAL;
	case NWF_V_VLANENCAP:
		if (parse_named_num(ethertypes, s, 0x3c, 0xffff, &out->u) == 0)
			return 0;
		*why = "not a protocol id (0x3c-0xffff, arp, rarp, ipv4, "
		    "ipv6, vlan)";
		return -EINVAL;
	case NWF_V_IPPROTO:
		if (parse_named_num(ipprotos, s, 0, 0xff, &out->u) == 0)
			return 0;
		*why = "not an IP protocol (0-255, tcp, udp, udplite, esp, ah, "
		    "icmp, igmp, sctp, icmpv6)";
		return -EINVAL;
	case NWF_V_ARPOP:
		if (parse_named_num(arpops, s, 0, 0xffff, &out->u) == 0)
			return 0;
		*why = "not an ARP opcode (0-65535, Request, Reply, "
		    "Request_Reverse, Reply_Reverse, ...)";
		return -EINVAL;
	case NWF_V_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 ||
		    strcmp(s, "1") == 0) {
			out->u = 1;
			return 0;
		}
		if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 ||
		    strcmp(s, "0") == 0)
			return 0;
		*why = "not a boolean (true, false, yes, no, 1, 0)";
		return -EINVAL;
	case NWF_V_STRING:
		if (strlen(s) <= 256)
			return 0;
		*why = "longer than 256 characters";
		return -EINVAL;
	case NWF_V_STATE:
		if (parse_flags(states, s, strlen(s), &out->u) == 0)
			return 0;
		*why = "not a list of NEW, ESTABLISHED, RELATED, INVALID, NONE";
		return -EINVAL;
	case NWF_V_TCPFLAGS:
		if (parse_tcpflags(s, &out->u) == 0)
			return 0;
		*why = "not MASK/FLAGS of SYN, ACK, URG, PSH, FIN, RST, ALL, "
		    "NONE";
		return -EINVAL;
	case NWF_V_IPSET:
		return parse_ipsetname(s, why);
	case NWF_V_IPSETFLAGS:
		if (parse_ipsetflags(s, &out->u) == 0)
			return 0;
		*why = "not a list of up to 6 src or dst";
		return -EINVAL;
	}
	*why = "unknown value type";
	return -EINVAL;
}

bool
nwf_var_name_ok(const char *s)
{
	size_t i;

	if (!(isalpha((unsigned char) s[0]) || s[0] == '_'))
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (!(isalnum((unsigned char) s[i]) || s[i] == '_'))
			return false;
	return i <= 64;
}

int
nwf_var_parse(const char *s, char **name, int *index, int *iter,
    const char **why)
{
	const char *b = s + 1, *e = b;
	uint32_t n;
	char *num;
	bool at;

	*name = NULL;
	*index = *iter = -1;
	while (isalnum((unsigned char) *e) || *e == '_')
		e++;
	*name = xstrndup(b, (size_t) (e - b));
	if (!nwf_var_name_ok(*name)) {
		*why = "not a variable name ($NAME, $NAME[N] or $NAME[@N])";
		goto fail;
	}
	if (*e == '\0')
		return 0;
	at = e[1] == '@';
	if (e[0] != '[' || e[strlen(e) - 1] != ']') {
		*why = "not a variable name ($NAME, $NAME[N] or $NAME[@N])";
		goto fail;
	}
	num = xstrndup(e + 1 + at, strlen(e) - 2 - at);
	if (parse_num(num, 1000, &n) < 0 || (num[0] == '0' && num[1] != '\0')) {
		free(num);
		*why = "variable index must be a number 0-1000";
		goto fail;
	}
	free(num);
	if (at)
		*iter = (int) n;
	else
		*index = (int) n;
	return 0;
fail:
	free(*name);
	*name = NULL;
	return -EINVAL;
}
