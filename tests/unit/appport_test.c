// SPDX-License-Identifier: GPL-2.0
/*
 * The application port table (include/dfi/appport.h) and feature spec 2's
 * static inputs 18..22 made from it.
 */
#include <stdlib.h>

#include <dfi/features.h>
#include "unit.h"

static void table(void)
{
	unsigned int seen[DFI_APP_PORT_N] = { 0 };
	unsigned int p;

	CHECK_EQ(dfi_app_port_check(), 0);
	CHECK_EQ(dfi_app_port(3478), DFI_APP_PORT_VOICE);
	CHECK_EQ(dfi_app_port(3481), DFI_APP_PORT_VOICE);
	CHECK_EQ(dfi_app_port(3482), DFI_APP_PORT_NONE);
	CHECK_EQ(dfi_app_port(554), DFI_APP_PORT_VIDEO);
	CHECK_EQ(dfi_app_port(27015), DFI_APP_PORT_GAME);
	CHECK_EQ(dfi_app_port(27017), DFI_APP_PORT_OTHER);
	CHECK_EQ(dfi_app_port(27018), DFI_APP_PORT_GAME);
	CHECK_EQ(dfi_app_port(6881), DFI_APP_PORT_FILE);
	CHECK_EQ(dfi_app_port(20), DFI_APP_PORT_FILE);
	CHECK_EQ(dfi_app_port(5222), DFI_APP_PORT_OTHER);
	CHECK_EQ(dfi_app_port(64738), DFI_APP_PORT_VOICE);
	/* web and plumbing are not the table's */
	CHECK_EQ(dfi_app_port(443), DFI_APP_PORT_NONE);
	CHECK_EQ(dfi_app_port(80), DFI_APP_PORT_NONE);
	CHECK_EQ(dfi_app_port(53), DFI_APP_PORT_NONE);
	CHECK_EQ(dfi_app_port(0), DFI_APP_PORT_NONE);
	CHECK_EQ(dfi_app_port(65535), DFI_APP_PORT_NONE);
	for (p = 0; p <= 65535; p++) {
		unsigned int a = dfi_app_port(p);

		CHECK(a < DFI_APP_PORT_N);
		if (a < DFI_APP_PORT_N)
			seen[a]++;
	}
	for (p = 0; p < DFI_APP_PORT_N; p++)
		CHECK(seen[p] > 0);
}

/* Static inputs 18..22 of a UDP flow from @cport to @sport. */
static void statics(u16 cport, u16 sport, s8 *stat)
{
	struct dfi_flow_feat *f = malloc(dfi_feat_size(8));
	s8 seq[DFI_SEQ_CH * 8];

	if (!f)
		abort();
	dfi_feat_init(f, DFI_IPPROTO_UDP, cport, sport, 1000);
	dfi_feat_add(f, 8, 1000, 120, 0, 0, 0);
	dfi_feat_input(f, 8, NULL, seq, stat);
	free(f);
}

static int hot(const s8 *stat)
{
	int i, which = -1;

	for (i = 18; i <= 22; i++) {
		if (stat[i] == 64 && which < 0)
			which = i;
		else if (stat[i])
			return -2;
	}
	return which;
}

static void inputs(void)
{
	s8 stat[DFI_STATIC_N];

	CHECK_EQ(DFI_STATIC_N, 23);
	statics(40000, 3478, stat);		/* STUN */
	CHECK_EQ(hot(stat), 18);
	statics(40000, 1935, stat);		/* RTMP */
	CHECK_EQ(hot(stat), 19);
	statics(40000, 27015, stat);		/* a Source server */
	CHECK_EQ(hot(stat), 20);
	statics(40000, 6881, stat);		/* BitTorrent */
	CHECK_EQ(hot(stat), 21);
	statics(40000, 5222, stat);		/* XMPP */
	CHECK_EQ(hot(stat), 22);
	statics(40000, 443, stat);		/* no class */
	CHECK_EQ(hot(stat), -1);
	/* first seen from the server: its port is the client port */
	statics(3478, 50000, stat);
	CHECK_EQ(hot(stat), 18);
	statics(21, 5000, stat);
	CHECK_EQ(hot(stat), 21);
	/* ... but not when the server port could be a server's */
	statics(3478, 5000, stat);
	CHECK_EQ(hot(stat), -1);
	/* the server port wins */
	statics(6881, 3478, stat);
	CHECK_EQ(hot(stat), 18);
}

static const struct unit_case cases[] = {
	UNIT_CASE(table),
	UNIT_CASE(inputs),
};

int main(void)
{
	return unit_run(cases, DFI_ARRAY_SIZE(cases));
}
