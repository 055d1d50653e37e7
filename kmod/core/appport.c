// SPDX-License-Identifier: GPL-2.0
/*
 * The application port table (include/dfi/appport.h).  Shared core.
 *
 * Written from IANA's service name and port number registry and from the
 * port lists vendors publish for firewalls; network plumbing (DNS, DHCP,
 * NTP, ...) is dfi_port_is_service()'s, not this table's.  Ranges are
 * sorted and disjoint (dfi_app_port_check(), run by the tests).
 */
#include <dfi/appport.h>

struct dfi_port_range {
	u16 lo, hi;
	u8 app;
};

#define V DFI_APP_PORT_VOICE
#define M DFI_APP_PORT_VIDEO
#define G DFI_APP_PORT_GAME
#define F DFI_APP_PORT_FILE
#define O DFI_APP_PORT_OTHER

static const struct dfi_port_range dfi_port_ranges[] = {
	{ 20, 21, F },		/* FTP data, control */
	{ 23, 23, O },		/* telnet */
	{ 25, 25, O },		/* SMTP */
	{ 69, 69, F },		/* TFTP */
	{ 88, 88, O },		/* Kerberos */
	{ 110, 110, O },	/* POP3 */
	{ 135, 135, O },	/* DCE/RPC endpoint mapper */
	{ 143, 143, O },	/* IMAP */
	{ 179, 179, O },	/* BGP */
	{ 389, 389, O },	/* LDAP */
	{ 465, 465, O },	/* SMTP submission over TLS */
	{ 500, 500, O },	/* IKE */
	{ 502, 502, O },	/* Modbus/TCP */
	{ 548, 548, F },	/* AFP */
	{ 554, 554, M },	/* RTSP */
	{ 587, 587, O },	/* SMTP submission */
	{ 636, 636, O },	/* LDAPS */
	{ 853, 853, O },	/* DNS over TLS/QUIC */
	{ 873, 873, F },	/* rsync */
	{ 988, 988, F },	/* Lustre */
	{ 989, 990, F },	/* FTPS */
	{ 993, 993, O },	/* IMAPS */
	{ 995, 995, O },	/* POP3S */
	{ 1119, 1119, G },	/* Battle.net */
	{ 1194, 1194, O },	/* OpenVPN */
	{ 1433, 1433, O },	/* MS SQL */
	{ 1521, 1521, O },	/* Oracle */
	{ 1701, 1701, O },	/* L2TP */
	{ 1719, 1720, V },	/* H.323 RAS, call signalling */
	{ 1723, 1723, O },	/* PPTP */
	{ 1755, 1755, M },	/* MMS streaming */
	{ 1883, 1883, O },	/* MQTT */
	{ 1935, 1935, M },	/* RTMP */
	{ 2049, 2049, F },	/* NFS */
	{ 2181, 2181, O },	/* ZooKeeper */
	{ 2404, 2404, O },	/* IEC 60870-5-104 */
	{ 3074, 3074, G },	/* Xbox Live */
	{ 3306, 3306, O },	/* MySQL */
	{ 3389, 3389, O },	/* RDP */
	{ 3478, 3481, V },	/* STUN/TURN; Teams media */
	{ 3659, 3659, G },	/* EA online games */
	{ 3724, 3724, G },	/* World of Warcraft */
	{ 4500, 4500, O },	/* IPsec NAT traversal */
	{ 4569, 4569, V },	/* IAX2 */
	{ 4662, 4662, F },	/* eDonkey */
	{ 4672, 4672, F },	/* eMule */
	{ 5222, 5223, O },	/* XMPP client; Apple push */
	{ 5228, 5228, O },	/* Google push (FCM) */
	{ 5349, 5349, V },	/* TURN over TLS */
	{ 5432, 5432, O },	/* PostgreSQL */
	{ 5671, 5672, O },	/* AMQP */
	{ 5900, 5900, O },	/* VNC */
	{ 6112, 6112, G },	/* Blizzard games */
	{ 6346, 6347, F },	/* Gnutella */
	{ 6379, 6379, O },	/* Redis */
	{ 6881, 6889, F },	/* BitTorrent */
	{ 7777, 7779, G },	/* Unreal engine servers */
	{ 8333, 8333, O },	/* Bitcoin */
	{ 8554, 8554, M },	/* RTSP alternate */
	{ 8801, 8810, V },	/* Zoom media */
	{ 8883, 8883, O },	/* MQTT over TLS */
	{ 9001, 9001, O },	/* Tor relays */
	{ 9092, 9092, O },	/* Kafka */
	{ 9200, 9200, O },	/* Elasticsearch */
	{ 9987, 9987, V },	/* TeamSpeak 3 voice */
	{ 10050, 10051, O },	/* Zabbix */
	{ 11211, 11211, O },	/* memcached */
	{ 18080, 18080, O },	/* Monero */
	{ 19302, 19309, V },	/* Google STUN */
	{ 20000, 20000, O },	/* DNP3 */
	{ 25565, 25565, G },	/* Minecraft */
	{ 27000, 27016, G },	/* Steam and Source game servers */
	{ 27017, 27017, O },	/* MongoDB */
	{ 27018, 27050, G },	/* Steam and Source game servers */
	{ 28960, 28960, G },	/* Call of Duty */
	{ 30303, 30303, O },	/* Ethereum */
	{ 51820, 51820, O },	/* WireGuard */
	{ 64738, 64738, V },	/* Mumble */
};

#undef V
#undef M
#undef G
#undef F
#undef O

enum dfi_app_port dfi_app_port(u16 port)
{
	unsigned int lo = 0, hi = DFI_ARRAY_SIZE(dfi_port_ranges);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct dfi_port_range *r = &dfi_port_ranges[mid];

		if (port < r->lo)
			hi = mid;
		else if (port > r->hi)
			lo = mid + 1;
		else
			return r->app;
	}
	return DFI_APP_PORT_NONE;
}
DFI_EXPORT(dfi_app_port);

int dfi_app_port_check(void)
{
	unsigned int i;

	for (i = 0; i < DFI_ARRAY_SIZE(dfi_port_ranges); i++) {
		const struct dfi_port_range *r = &dfi_port_ranges[i];

		if (r->lo > r->hi || r->app == DFI_APP_PORT_NONE ||
		    r->app >= DFI_APP_PORT_N)
			return -1;
		if (i && r->lo <= dfi_port_ranges[i - 1].hi)
			return -1;
	}
	return 0;
}
DFI_EXPORT(dfi_app_port_check);
