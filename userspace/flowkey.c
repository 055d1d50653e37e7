// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses as text, both ways.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "flowkey.h"

int addr_parse(const char *s, u8 *addr)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, addr) == 1)
		return AF_INET6;
	return 0;
}

const char *addr_str(u8 family, const u8 *addr, char *buf)
{
	if (!inet_ntop(family, addr, buf, ADDR_STRLEN))
		snprintf(buf, ADDR_STRLEN, "?");
	return buf;
}
