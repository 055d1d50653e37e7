// SPDX-License-Identifier: GPL-2.0
// teebot.js HOST PORT NAME SECONDS SEED: a player of Teeworlds (DDNet's
// 0.6 protocol) against a real DDNet server, through the npm "teeworlds"
// client library (MODULES: the directory holding its node_modules, from
// the environment).  The library speaks the game's protocol: connection,
// map download, snapshots (acknowledged), chunk resends, keep-alives.  The
// player is a bot: it runs, stops, jumps, hooks and fires at changing
// aims on a seeded schedule, and sends its input once per game tick
// (50 Hz, what the game's own client does while playing) instead of the
// library's 20 Hz.  Prints "snapshots N" at the end.
'use strict';
const path = require('path');
const tw = require(path.join(process.env.MODULES || '.', 'node_modules',
			     'teeworlds'));

const [host, port, name, seconds, seed] = process.argv.slice(2);
let state = (Number(seed) * 2654435761) >>> 0 || 1;
function rnd(n) {	// xorshift32: the same play for the same seed
	state ^= state << 13; state >>>= 0;
	state ^= state >>> 17;
	state ^= state << 5; state >>>= 0;
	return state % n;
}

const c = new tw.Client(host, Number(port), name,
			{ lightweight: true, timeout: 20000 });
let snaps = 0, online = false, aim = 0;
c.on('connected', () => { online = true; });
c.on('snapshot', () => { snaps++; });
c.on('disconnect', (r) => { console.log('disconnected: ' + r); });

function act() {
	if (online) {
		const m = c.movement;
		switch (rnd(6)) {
		case 0: m.RunLeft(); break;
		case 1: m.RunRight(); break;
		case 2: m.RunStop(); break;
		case 3: m.Jump(true); setTimeout(() => m.Jump(false), 100); break;
		case 4: m.Hook(true); setTimeout(() => m.Hook(false),
						 200 + rnd(600)); break;
		default: m.Fire(); break;
		}
	}
	setTimeout(act, 80 + rnd(500));
}

const tick = setInterval(() => {
	if (!online)
		return;
	aim += (rnd(21) - 10) / 50;	// a hand on the mouse
	c.movement.SetAim(Math.round(200 * Math.cos(aim)),
			  Math.round(200 * Math.sin(aim)));
	c.sendInput();
}, 20);

// Leave the game (the server forgets the player at once, instead of
// sending to it until its timeout) at SECONDS after the process started
// (node takes seconds to load under TCG), or when told to stop.
let leaving = false;
function leave() {
	if (leaving)
		return;
	leaving = true;
	clearInterval(tick);
	console.log('snapshots ' + snaps);
	c.Disconnect().then(() => process.exit(0));
	setTimeout(() => process.exit(0), 1000);
}
process.on('SIGTERM', leave);
c.connect();
act();
setTimeout(leave, Math.max(0, Number(seconds) - process.uptime()) * 1000);
