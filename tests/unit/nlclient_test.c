// SPDX-License-Identifier: GPL-2.0
/*
 * The policy dficlt parses the kernel's replies with (userspace/nlclient.c
 * nlc_policy): a reply from a kernel that is not the one the header
 * describes (an integer of another size, an address of 3 bytes, a string
 * without its NUL or over its limit, a packet list longer than a flow's)
 * is refused, not read out of bounds; replies as the module sends them
 * pass.  Messages are built with libnl as the kernel would send them.
 */
#include <string.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <dfi/features.h>

#include "nlclient.h"
#include "unit.h"

/* One reply of DFI_CMD_FLOWS_GET, with @put adding what is under test. */
static int parse(void (*put)(struct nl_msg *m))
{
	struct nlattr *tb[DFI_A_MAX + 1];
	struct nl_msg *m = nlmsg_alloc();
	int err;

	if (!m || !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, 0x20, 0, 0,
			       DFI_CMD_FLOWS_GET, DFI_GENL_VERSION)) {
		CHECK(0);
		return 0;
	}
	put(m);
	err = genlmsg_parse(nlmsg_hdr(m), 0, tb, DFI_A_MAX, nlc_policy);
	nlmsg_free(m);
	return err;
}

static void put_good_flow(struct nl_msg *m)
{
	static const unsigned char v4[4] = { 198, 18, 1, 2 };
	static const unsigned char v6[16] = { 0xfd, 0, 0, 2, [15] = 2 };

	nla_put_u8(m, DFI_A_FAMILY, 2);
	nla_put_u8(m, DFI_A_L4, 17);
	nla_put(m, DFI_A_CLIENT, 4, v4);
	nla_put_u16(m, DFI_A_CLIENT_PORT, 20001);
	nla_put(m, DFI_A_SERVER, 16, v6);
	nla_put_u16(m, DFI_A_SERVER_PORT, 5002);
	nla_put_u32(m, DFI_A_PACKETS, 7);
	nla_put_u64(m, DFI_A_AGE_MS, 1234);
	nla_put_string(m, DFI_A_CLASS_NAME, "voice");
	nla_put_s32(m, DFI_A_LABEL_BASE, -1);
}

static void put_u16_packets(struct nl_msg *m)
{
	nla_put_u16(m, DFI_A_PACKETS, 7);
}

static void put_u64_packets(struct nl_msg *m)
{
	nla_put_u64(m, DFI_A_PACKETS, 7);
}

static void put_u32_age(struct nl_msg *m)
{
	nla_put_u32(m, DFI_A_AGE_MS, 7);
}

static void put_short_addr(struct nl_msg *m)
{
	nla_put(m, DFI_A_CLIENT, 3, "\x01\x02\x03");
}

static void put_long_addr(struct nl_msg *m)
{
	static const unsigned char a[17];

	nla_put(m, DFI_A_SERVER, sizeof(a), a);
}

static void put_u16_label_base(struct nl_msg *m)
{
	nla_put_u16(m, DFI_A_LABEL_BASE, 1);
}

static void put_name_no_nul(struct nl_msg *m)
{
	nla_put(m, DFI_A_CLASS_NAME, 5, "voice");
}

static void put_name_too_long(struct nl_msg *m)
{
	char name[DFI_CLASS_NAME_LEN + 2];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	nla_put_string(m, DFI_A_CLASS_NAME, name);
}

static void put_pkts_too_many(struct nl_msg *m)
{
	static struct dfi_pkt p[DFI_MAX_SEQ + 1];

	nla_put(m, DFI_A_PKTS, sizeof(p), p);
}

static void put_pkts_max(struct nl_msg *m)
{
	static struct dfi_pkt p[DFI_MAX_SEQ];

	nla_put(m, DFI_A_PKTS, sizeof(p), p);
}

static void reply_as_sent_passes(void)
{
	CHECK_EQ(parse(put_good_flow), 0);
	CHECK_EQ(parse(put_pkts_max), 0);
}

static void integers_of_another_size_refused(void)
{
	CHECK(parse(put_u16_packets) < 0);
	CHECK(parse(put_u64_packets) < 0);
	CHECK(parse(put_u32_age) < 0);
	CHECK(parse(put_u16_label_base) < 0);
}

static void addresses_of_another_size_refused(void)
{
	CHECK(parse(put_short_addr) < 0);
	CHECK(parse(put_long_addr) < 0);
}

static void bad_strings_refused(void)
{
	CHECK(parse(put_name_no_nul) < 0);
	CHECK(parse(put_name_too_long) < 0);
}

static void packet_list_over_a_flow_refused(void)
{
	CHECK(parse(put_pkts_too_many) < 0);
}

static const struct unit_case cases[] = {
	UNIT_CASE(reply_as_sent_passes),
	UNIT_CASE(integers_of_another_size_refused),
	UNIT_CASE(addresses_of_another_size_refused),
	UNIT_CASE(bad_strings_refused),
	UNIT_CASE(packet_list_over_a_flow_refused),
};

UNIT_MAIN(cases)
