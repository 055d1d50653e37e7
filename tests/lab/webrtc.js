// SPDX-License-Identifier: GPL-2.0
// webrtc.js --role offer|answer --addr ADDR [--peer PEER] [--port PORT]
//           [--seconds S | --trigger FILE] --video FILE --audio FILE
//           [--media-port N]:
// one side of a WebRTC video call on the npm library "werift" (MODULES:
// the directory holding its node_modules, from the environment): ICE,
// DTLS-SRTP, RTP/RTCP with NACK, PLI, REMB and transport-wide congestion
// control feedback, audio (Opus) and video (H.264) both ways, BUNDLEd on
// one ICE/UDP 5-tuple as browsers do.  Each side's camera and microphone
// are an ffmpeg process (started here with each call) sending the
// files' H.264 and Opus as RTP to a local UDP socket; the packets go into
// the call's tracks (werift rewrites SSRC, payload type, sequence numbers
// and header extensions), what comes from the other side is counted.
// Signalling is one plain TCP connection (offer and answer as JSON lines),
// open for the length of the call: its close hangs up.
//   answer: listens on ADDR:PORT, answers every call, one after the other
//           (runs until killed);
//   offer:  calls PEER:PORT from ADDR and hangs up after S seconds from
//           the process's start (node takes seconds to load under TCG);
//           with --trigger FILE it stays open instead (an app ready to
//           call: loading werift takes 10-40 s under TCG) and places a
//           call whenever FILE appears, for as many seconds as FILE says
//           (FILE removed), until killed.
// ICE gathers host candidates of ADDR only (IPv4 UDP) and asks the
// answerer's STUN server (UDP port 3478, served here) for a server-
// reflexive one, as a call service's clients do.
// Prints a line per call: packets sent and received per kind.
// Not run by the lab: under TCG werift carries about a tenth of a call's
// packets (Documentation/lab.md, "A WebRTC video call"); on the host, in
// network namespaces, it makes real calls (werift 0.25.2, installed with
// npm install --ignore-scripts --prefix DIR werift@0.25.2; MODULES=DIR).
'use strict';
const path = require('path');
const net = require('net');
const dgram = require('dgram');
const fs = require('fs');
const { spawn } = require('child_process');
const mod = path.join(process.env.MODULES || '.', 'node_modules', 'werift');
const w = require(mod);

// werift's DTLS resends a flight after 0.5 s, 1 s, 1.5 s...; under TCG the
// other side takes longer than that to answer (its ECDHE and signature in
// JavaScript), and werift's client fails on the duplicate answer its resend
// brings ("onHandleHandshakes error").  Resend after 3 s, then doubling (up
// to 24 s): RFC 6347's timer with a larger start.
const { Flight } = require(path.join(mod, 'lib', 'dtls', 'src', 'flight',
				     'flight.js'));
Flight.prototype.transmit = async function (buffers) {
	for (let n = 0; n <= Flight.RetransmitCount; n++) {
		this.setState('SENDING');
		this.send(buffers).catch(() => {});
		this.setState('WAITING');
		if (this.nextFlight === undefined)
			break;
		await new Promise((r) => setTimeout(r, 3000 * 2 ** Math.min(n, 3)));
		if (this.dtls.flight >= this.nextFlight)
			break;
		if (n === Flight.RetransmitCount)
			throw new Error(`DTLS flight ${this.flight}: no answer`);
	}
	this.setState('FINISHED');
};

const opt = { port: 8088, seconds: 20, 'media-port': 40000 };
for (let i = 2; i < process.argv.length; i += 2)
	opt[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!['offer', 'answer'].includes(opt.role) || !opt.addr || !opt.video ||
    !opt.audio || (opt.role === 'offer' && !opt.peer)) {
	console.error('usage: webrtc.js --role offer|answer --addr ADDR ' +
		      '[--peer PEER] [--port PORT] ' +
		      '[--seconds S | --trigger FILE] ' +
		      '--video FILE --audio FILE [--media-port N]');
	process.exit(2);
}
opt.stun = opt.role === 'answer' ? opt.addr : opt.peer;
const STUN_PORT = 3478;
const log = (s) => console.log(`${opt.role}: ${s}`);
const up = () => `${process.uptime().toFixed(1)} s`;
log(`werift loaded after ${up()}`);

function peer(stunAddr = opt.stun) {
	return new w.RTCPeerConnection({
		codecs: {
			audio: [new w.RTCRtpCodecParameters(w.useOPUS())],
			video: [new w.RTCRtpCodecParameters({
				...w.useH264(),
				rtcpFeedback: [w.useNACK(), w.usePLI(),
					       w.useREMB(), w.useTWCC()],
			})],
		},
		headerExtensions: {
			audio: [w.useSdesMid(), w.useAbsSendTime()],
			video: [w.useSdesMid(), w.useAbsSendTime(),
				w.useTransportWideCC()],
		},
		bundlePolicy: 'max-bundle',
		// the call service's STUN server: the answerer's (without one,
		// werift asks Google's)
		iceServers: [{ urls: `stun:${stunAddr}:${STUN_PORT}` }],
		iceUseIpv4: true,
		iceUseIpv6: false,
		iceUseTcp: false,
		iceInterfaceAddresses: { udp4: opt.addr },
	});
}

// call(pc): the local tracks on pc (sendrecv), their counters
function call(pc) {
	const c = { pc, tx: { audio: 0, video: 0 }, rx: { audio: 0, video: 0 },
		    tracks: {}, t0: Date.now() };
	for (const kind of ['audio', 'video']) {
		const t = new w.MediaStreamTrack({ kind });
		c.tracks[kind] = t;
		pc.addTransceiver(t, { direction: 'sendrecv' });
	}
	pc.ontrack = (ev) => {
		const kind = ev.track.kind;
		ev.track.onReceiveRtp.subscribe(() => { c.rx[kind]++; });
	};
	return c;
}

// gathered(pc): the local description once every host candidate is in it
// (no trickle: the offer and the answer carry their candidates)
function gathered(pc) {
	return new Promise((resolve) => {
		if (pc.iceGatheringState === 'complete')
			return resolve();
		pc.iceGatheringStateChange.subscribe((s) => {
			if (s === 'complete')
				resolve();
		});
	});
}

// media(c): the camera and the microphone: ffmpeg sending the files as RTP
// (video packets of at most 1200 bytes, as browsers send) to local UDP
// sockets whose packets go into the tracks once the call is connected;
// started with the call (ffmpeg takes about 10 s to start under TCG)
function media(c) {
	const base = Number(opt['media-port']);
	const socks = [];
	const kinds = { video: base, audio: base + 2 };
	for (const kind of Object.keys(kinds)) {
		const s = dgram.createSocket('udp4');
		s.on('message', (m) => {
			if (c.pc.connectionState !== 'connected' || m.length < 12)
				return;
			const pt = m[1] & 0x7f;
			if (pt >= 72 && pt <= 76)	// ffmpeg's RTCP SR
				return;
			c.tracks[kind].writeRtp(m);
			c.tx[kind]++;
		});
		s.bind(kinds[kind], '127.0.0.1');
		// and the RTCP port after it (ffmpeg sends its reports there)
		const r = dgram.createSocket('udp4');
		r.on('message', () => {});
		r.bind(kinds[kind] + 1, '127.0.0.1');
		socks.push(s, r);
	}
	const ff = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error',
		'-nostdin', '-re', '-stream_loop', '-1', '-i', opt.video,
		'-re', '-stream_loop', '-1',
		...(opt.role === 'offer' ? ['-ss', '7'] : []), '-i', opt.audio,
		'-map', '0:v', '-c', 'copy', '-f', 'rtp', '-pkt_size', '1200',
		`rtp://127.0.0.1:${kinds.video}`,
		'-map', '1:a', '-c', 'copy', '-f', 'rtp',
		`rtp://127.0.0.1:${kinds.audio}`],
		{ stdio: ['ignore', 'ignore', 'inherit'] });
	c.stop = () => {
		ff.kill('SIGTERM');
		for (const s of socks)
			s.close();
	};
}

function report(c) {
	log(`call ${((Date.now() - c.t0) / 1000).toFixed(1)} s, ` +
	    `sent audio ${c.tx.audio} video ${c.tx.video}, ` +
	    `received audio ${c.rx.audio} video ${c.rx.video}`);
}

function lines(sock, fn) {
	let buf = '';
	sock.setEncoding('utf8');
	sock.on('data', (d) => {
		buf += d;
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			fn(JSON.parse(buf.slice(0, i)));
			buf = buf.slice(i + 1);
		}
	});
}

function connected(c) {
	c.pc.connectionStateChange.subscribe((s) => {
		if (['connected', 'failed', 'disconnected'].includes(s))
			log(`${s} after ${((Date.now() - c.t0) / 1000).toFixed(1)} s`);
	});
}

function hangup(c) {
	if (c.done)
		return;
	c.done = true;
	report(c);
	if (c.stop)
		c.stop();
	c.pc.close().catch(() => {});
}

// stun(): a STUN server (RFC 5389 binding requests only) on ADDR:3478,
// telling each client the address it is seen from; returns its socket
function stun() {
	const s = dgram.createSocket('udp4');
	s.on('message', (m, from) => {
		if (m.length < 20 || m.readUInt16BE(0) !== 0x0001 ||
		    m.readUInt32BE(4) !== 0x2112a442)
			return;
		const r = Buffer.alloc(32);
		r.writeUInt16BE(0x0101, 0);		// binding success
		r.writeUInt16BE(12, 2);
		m.copy(r, 4, 4, 20);			// cookie, transaction
		r.writeUInt16BE(0x0020, 20);		// XOR-MAPPED-ADDRESS
		r.writeUInt16BE(8, 22);
		r.writeUInt16BE(0x0001, 24);		// IPv4
		r.writeUInt16BE(from.port ^ 0x2112, 26);
		const a = from.address.split('.').map(Number);
		r.writeUInt32BE(((a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3]) ^
				 0x2112a442) >>> 0, 28);
		s.send(r, from.port, from.address);
	});
	s.bind(STUN_PORT, opt.addr);
	return s;
}

// warm(): a call between two peers of this process on ADDR (through the
// netns's loopback: nothing on the wire), 50 RTP packets each way, before
// the first real call.  Under TCG the first call's code (SDP, ICE, DTLS,
// SRTP, compiled on first use) and the DTLS certificate (made once per
// process) took 20 s and more in the busy guest, most of the call.
async function warm() {
	const t0 = process.uptime();
	const srv = opt.role === 'offer' ? stun() : null;
	const a = call(peer(opt.addr)), b = call(peer(opt.addr));
	const up = (c) => new Promise((r) => {
		c.pc.connectionStateChange.subscribe((s) => {
			if (s === 'connected')
				r(true);
		});
	});
	const both = Promise.all([up(a), up(b)]);
	await a.pc.setLocalDescription(await a.pc.createOffer());
	await gathered(a.pc);
	await b.pc.setRemoteDescription(a.pc.localDescription);
	await b.pc.setLocalDescription(await b.pc.createAnswer());
	await gathered(b.pc);
	await a.pc.setRemoteDescription(b.pc.localDescription);
	const ok = await Promise.race([both, new Promise((r) =>
		setTimeout(() => r(false), 60000))]);
	for (let i = 0; ok && i < 50; i++) {
		for (const c of [a, b]) {
			for (const kind of ['audio', 'video']) {
				c.tracks[kind].writeRtp(new w.RtpPacket(
					new w.RtpHeader({ sequenceNumber: i,
						timestamp: i * 960, payloadType: 96,
						marker: true, ssrc: 1 }),
					Buffer.alloc(kind === 'video' ? 1100 : 80)));
			}
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	await new Promise((r) => setTimeout(r, 500));
	log(`warm-up call ${ok ? 'connected' : 'failed'}, received ` +
	    `${b.rx.video + a.rx.video} video packets; ` +
	    `${(process.uptime() - t0).toFixed(1)} s`);
	await Promise.all([a.pc.close(), b.pc.close()]).catch(() => {});
	if (srv)
		srv.close();
}

if (opt.role === 'answer') {
	let busy = null;
	stun();
	warm().then(() => net.createServer((sock) => {
		if (busy) {	// one call at a time
			sock.destroy();
			return;
		}
		const pc = peer();
		const c = call(pc);
		busy = c;
		connected(c);
		media(c);
		lines(sock, async (msg) => {
			if (msg.type !== 'offer')
				return;
			await pc.setRemoteDescription(msg);
			await pc.setLocalDescription(await pc.createAnswer());
			await gathered(pc);
			sock.write(JSON.stringify(pc.localDescription) + '\n');
		});
		const end = () => {
			hangup(c);
			busy = null;
		};
		sock.on('close', end);
		sock.on('error', end);
	}).listen(Number(opt.port), opt.addr, () => log('listening')));
	process.on('SIGTERM', () => {
		if (busy)
			hangup(busy);
		process.exit(0);
	});
} else {
	let current = null;
	process.on('SIGTERM', () => {
		if (current)
			current();
		setTimeout(() => process.exit(0), 500);
	});
	const main = async () => {
		if (!opt.trigger) {
			await dial(Number(opt.seconds) - process.uptime());
			process.exit(0);
		}
		await warm();
		log('ready');
		for (;;) {
			let secs;
			try {
				secs = Number(fs.readFileSync(opt.trigger, 'utf8'));
				fs.unlinkSync(opt.trigger);
			} catch {
				await new Promise((r) => setTimeout(r, 200));
				continue;
			}
			await dial(secs);
		}
	};
	// dial(SECONDS): a call, hung up after SECONDS; resolves then
	const dial = (seconds) => new Promise((done) => {
		const pc = peer();
		const c = call(pc);
		connected(c);
		media(c);
		let sock = null;
		const leave = () => {
			current = null;
			hangup(c);
			if (sock)
				sock.end();
			clearTimeout(timer);
			setTimeout(done, 500);
		};
		current = leave;
		// the answerer may still be starting: try again every half
		// second until it listens
		const connect = () => {
			if (!current)
				return;
			const s = net.connect(Number(opt.port), opt.peer);
			s.on('connect', async () => {
				sock = s;
				await pc.setLocalDescription(await pc.createOffer());
				await gathered(pc);
				s.write(JSON.stringify(pc.localDescription) + '\n');
			});
			lines(s, async (msg) => {
				if (msg.type !== 'answer')
					return;
				await pc.setRemoteDescription(msg);
			});
			s.on('error', (e) => {
				if (sock)
					return;
				if (e.code === 'ECONNREFUSED')
					return setTimeout(connect, 500);
				log(`signalling: ${e.message}`);
				if (current === leave)
					leave();
			});
			s.on('close', () => {
				if (sock === s && current === leave)
					leave();
			});
		};
		const timer = setTimeout(leave, Math.max(0, seconds) * 1000);
		connect();
	});
	main();
}
