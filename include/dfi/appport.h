/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Application ports: the traffic class a port is registered or
 * documented for (IANA's service registry, vendors' published firewall
 * port lists), for the static inputs of feature spec 2.  A port hint, not
 * a verdict: the network weighs it with everything else it sees.  Shared
 * core.
 */
#ifndef _DFI_APPPORT_H
#define _DFI_APPPORT_H

#include <dfi/port.h>

enum dfi_app_port {
	DFI_APP_PORT_NONE,
	DFI_APP_PORT_VOICE,	/* STUN/TURN, H.323, IAX2, calls' media */
	DFI_APP_PORT_VIDEO,	/* RTSP, RTMP, MMS */
	DFI_APP_PORT_GAME,	/* game consoles' and game servers' ports */
	DFI_APP_PORT_FILE,	/* FTP, TFTP, rsync, NFS, AFP, peer-to-peer */
	DFI_APP_PORT_OTHER,	/* mail, directory, VPN, push, databases, ... */
	DFI_APP_PORT_N
};

/* The class @port is registered for, DFI_APP_PORT_NONE if none. */
enum dfi_app_port dfi_app_port(u16 port);

/* 0 if the table's ranges are well formed, sorted and disjoint, else -1. */
int dfi_app_port_check(void);

#endif /* _DFI_APPPORT_H */
