# clients.sh: the lab's scenarios, client side (sourced by lab-guest.sh;
# MEDIA, RUN, LAB, SECS, SEED set).  Each starts its programs in the
# background for SECS seconds; the server sides that are per-scenario
# (RTP senders) start here too.

SSH_OPTS="-i $MEDIA/ssh/client_ed25519 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"
# Programs slow to start in the TCG guest (ffmpeg relocating its libraries,
# sshd and rsync) get WARM seconds more: the group sets it (lab-guest.sh).
WARM=0
in_client() { ip netns exec client timeout $((SECS + WARM)) "$@"; }
in_server() { ip netns exec server timeout $((SECS + WARM)) "$@"; }

# voice: Opus over RTP, 20 ms frames, both ways on one 5-tuple
scn_voice() {
	in_server sh -c "exec ffmpeg -hide_banner -loglevel error -nostdin -re \
		-stream_loop -1 -i $MEDIA/voice.ogg -c copy -f rtp \
		'rtp://198.18.1.2:5004?localrtpport=5004&localrtcpport=5005&localaddr=198.18.2.10'" \
		>/dev/null 2>"$RUN/voice-server.err" &
	in_client sh -c "exec ffmpeg -hide_banner -loglevel error -nostdin -re \
		-ss 7 -stream_loop -1 -i $MEDIA/voice.ogg -c copy -f rtp \
		'rtp://198.18.2.10:5004?localrtpport=5004&localrtcpport=5005'" \
		>/dev/null 2>"$RUN/voice-client.err" &
	# a second call, one way only (the other side muted: no RTP back)
	in_client sh -c "exec ffmpeg -hide_banner -loglevel error -nostdin -re \
		-ss 23 -stream_loop -1 -i $MEDIA/voice.ogg -c copy -f rtp \
		'rtp://198.18.2.10:5008?localrtpport=5008&localrtcpport=5009'" \
		>/dev/null 2>"$RUN/voice-client2.err" &
}

# voice: a SIP call between two user agents (baresip): the client's
# agent calls the server's, which answers; Opus over RTP both ways with
# RTCP, until the client hangs up
scn_voice_sip() {
	sip_ok || { echo "# lab: no baresip: no SIP call" >&2; return 0; }
	sip_config "$RUN/sip-client" 198.18.1.2 20000-20999
	in_client baresip -f "$RUN/sip-client" -t "$((SECS + WARM - 2))" \
		-e "/dial sip:lab@198.18.2.26" >"$RUN/sip-client/out" 2>&1 &
}

# video: a DASH player over HTTPS at play-out pace
scn_dash() {
	in_client python3 "$LAB/player.py" --seconds "$SECS" \
		https://198.18.2.11/dash/manifest.mpd >"$RUN/player.out" 2>&1 &
}

# video: a live H.264 stream over RTP, received by ffmpeg from its SDP
scn_video_rtp() {
	in_server sh -c "exec ffmpeg -hide_banner -loglevel error -nostdin -re \
		-stream_loop -1 -i $MEDIA/live.mkv -c copy -an -f rtp \
		-sdp_file $RUN/live.sdp \
		'rtp://198.18.1.2:5006?localrtpport=5006&localaddr=198.18.2.12'" \
		>/dev/null 2>"$RUN/rtp-server.err" &
	(
		i=0
		while [ ! -s "$RUN/live.sdp" ] && [ $i -lt $((WARM * 10 + 50)) ]; do
			sleep 0.1
			i=$((i + 1))
		done
		in_client ffmpeg -hide_banner -loglevel error -nostdin \
			-protocol_whitelist file,udp,rtp -i "$RUN/live.sdp" \
			-c copy -f null - >/dev/null 2>"$RUN/rtp-client.err"
	) &
}

# game: three players (a LAN party behind the router), each a fixed-tick
# UDP session and a TCP heartbeat to the same server
scn_game() {
	for k in 1 2 3; do
		in_client python3 "$LAB/game.py" client 198.18.2.13 \
			--seconds "$SECS" --seed "$((SEED * 10 + k))" \
			>"$RUN/game$k.out" 2>&1 &
	done
}

# game: three players of Teeworlds against DDNet's server (teebot.js)
scn_game_ddnet() {
	ddnet_ok || { echo "# lab: no DDNet server or client library: no Teeworlds" >&2; return 0; }
	for k in 1 2 3; do
		in_client env MODULES="$MEDIA/node" node "$LAB/teebot.js" 198.18.2.25 \
			8303 "player$k" "$((SECS + WARM - 2))" \
			"$((SEED * 10 + k))" >"$RUN/teebot$k.out" 2>&1 &
	done
}

# file: scp and rsync over ssh, each held to 1 MB/s by its own option (in
# the TCG guest, unlimited transfers take all the CPU the others need)
scn_file_ssh() {
	# shellcheck disable=SC2086
	in_client scp -q -l 8000 $SSH_OPTS \
		"root@198.18.2.14:$MEDIA/www/files/big.bin" "$RUN/scp.bin" \
		>/dev/null 2>"$RUN/scp.err" &
	in_client rsync -q -r --bwlimit=1000 -e "ssh $SSH_OPTS" \
		"root@198.18.2.15:$MEDIA/www/page/" "$RUN/rsync" \
		>/dev/null 2>"$RUN/rsync.err" &
}

# file: an HTTPS download and a BitTorrent transfer (from the seeder and the
# swarm, DHT on), 3 MB/s each
scn_file_net() {
	in_client curl -k -s --limit-rate 3M -o /dev/null \
		https://198.18.2.16/files/big.bin &
	swarm_start "$SECS"
	sleep 3		# the seeders announce themselves first
	rm -rf "$RUN/leech"	# a new download each round
	mkdir -p "$RUN/leech"
	in_client aria2c -q --enable-dht=true --enable-dht6=false \
		--dht-listen-port=6882 --dht-entry-point="$(bt_entry)" \
		--dht-file-path="$RUN/leech/dht.dat" \
		--bt-enable-lpd=false --enable-peer-exchange=true \
		--listen-port=6882 --seed-time=0 --max-download-limit=3M \
		--bt-tracker-interval=2 \
		-d "$RUN/leech" "$MEDIA/bt/share.torrent" >/dev/null \
		2>"$RUN/bt.err" &
}

# web: page loads (a page and its 40 objects) over HTTP/2 (IPv6 and IPv4)
# and HTTP/1.1 (6 parallel connections, its own server address: see
# scenarios.txt), with a reader's pauses between them
scn_web() {
	(
		n=0
		end=$(($(date +%s) + SECS))
		while [ "$(date +%s)" -lt "$end" ]; do
			case $((n % 3)) in
			0) url=https://[fd00:2::12]/page proto=--http2 ;;
			1) url=https://198.18.2.18/page proto=--http2 ;;
			2) url=https://198.18.2.19/page proto=--http1.1 ;;
			esac
			objs=
			i=0
			while [ $i -lt 40 ]; do
				objs="$objs -o /dev/null $url/o$i.js"
				i=$((i + 1))
			done
			# shellcheck disable=SC2086
			ip netns exec client timeout 20 curl -k -s -g $proto \
				-o /dev/null "$url/index.html" \
				-Z --parallel-max 6 $objs >/dev/null 2>&1
			sleep $(((n * 7 + SEED) % 4 + 1))
			n=$((n + 1))
		done
	) &
}

# web: a browser (Chromium's headless shell, in one process: 11 s to
# start in an idle TCG guest instead of 15) loading the page over HTTP/2,
# a new profile each time (nothing cached), a reader's pauses between;
# no load begins with less than 12 s of the group left
scn_web_browser() {
	browser_ok || { echo "# lab: no chromium-headless-shell: no browser" >&2; return 0; }
	(
		n=0
		end=$(($(date +%s) + SECS + WARM - 2))
		while [ $((left = end - $(date +%s))) -ge 12 ]; do
			rm -rf "$RUN/browser"
			if ip netns exec client timeout "$left" chromium-headless-shell \
				--no-sandbox --single-process --no-zygote \
				--disable-gpu --no-first-run \
				--disable-background-networking --disable-sync \
				--disable-component-update --no-pings \
				--user-data-dir="$RUN/browser" \
				--ignore-certificate-errors --dump-dom \
				https://198.18.2.27/page/index.html \
				>"$RUN/browser.dom" 2>>"$RUN/browser.log"; then
				echo "page $n: $(wc -c <"$RUN/browser.dom") bytes of DOM" >>"$RUN/browser.out"
			else
				echo "page $n: failed ($?)" >>"$RUN/browser.out"
			fi
			sleep $(((n * 5 + SEED) % 4 + 1))
			n=$((n + 1))
		done
	) &
}

# other: DNS (UDP and TCP), NTP, an interactive ssh session
scn_other() {
	(
		n=0
		end=$(($(date +%s) + SECS))
		while [ "$(date +%s)" -lt "$end" ]; do
			ip netns exec client dig +short +tries=1 +time=2 \
				@198.18.2.2 "www$n.lab" >/dev/null
			[ $((n % 3)) -eq 0 ] && ip netns exec client dig +tcp \
				+keepopen +short +time=2 @198.18.2.2 \
				"a$n.lab" "b$n.lab" "c$n.lab" >/dev/null
			sleep 1
			n=$((n + 1))
		done
	) &
	cat >"$RUN/chrony-client.conf" <<CHRONY
server 198.18.2.2 iburst minpoll -2 maxpoll -2
acquisitionport 123
port 0
cmdport 0
pidfile $RUN/chrony/client.pid
CHRONY
	# -Q: measure the offset, never set the clock
	in_client chronyd -Q -t "$SECS" -f "$RUN/chrony-client.conf" \
		>/dev/null 2>&1 &
	# shellcheck disable=SC2086
	python3 "$LAB/typist.py" --seconds "$SECS" --seed "$SEED" 2>/dev/null |
		in_client ssh -tt $SSH_OPTS root@198.18.2.20 cat >/dev/null 2>&1 &
}
