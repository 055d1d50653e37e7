# servers.sh: the lab's server programs in netns "server" (sourced by
# lab-guest.sh; MEDIA, RUN set).  Each listens on its scenario's address
# (scenarios.txt: 198.18.2.HOST): a UDP server answering from a wildcard
# socket would answer from the primary address, another 5-tuple.

# bt_port HOST: the swarm seeder's TCP and DHT port, unprivileged and
# scattered as peers' ports are
bt_port() {
	echo $((10000 + $1 * 7919 % 50000))
}

# bt_entry: the DHT's entry point, the swarm's first seeder
bt_entry() {
	echo "198.18.2.${SWARM%% *}:$(bt_port "${SWARM%% *}")"
}

# swarm_start SECONDS: the rest of the swarm for SECONDS, a seeder per
# address of scenario file-bt-swarm, each on its own port (TCP and DHT),
# DHT bootstrapped from the first, peer exchange on.  Started for the
# download group only: under TCG an idle aria2c with DHT takes a quarter
# of the guest's CPU.
swarm_start() {
	for h in $SWARM; do
		mkdir -p "$RUN/seed$h"
		ln -f "$RUN/seed/share.bin" "$RUN/seed$h/"
		ip netns exec server aria2c -q --interface="198.18.2.$h" \
			--stop="$1" --bt-seed-unverified=true --seed-ratio=0.0 \
			--enable-dht=true --enable-dht6=false \
			--dht-listen-port="$(bt_port "$h")" \
			--dht-entry-point="$(bt_entry)" \
			--dht-file-path="$RUN/seed$h/dht.dat" \
			--bt-enable-lpd=false --enable-peer-exchange=true \
			--listen-port="$(bt_port "$h")" \
			--bt-tracker-interval=2 -d "$RUN/seed$h" \
			"$MEDIA/bt/share.torrent" >/dev/null 2>&1 &
	done
}

# sip_config DIR ADDR RTP_PORTS [ACCOUNT_PARAMS]: a baresip user agent's
# configuration in DIR: SIP over UDP on ADDR:5060, Opus (mono, 32 kbit/s,
# 20 ms, the VoIP profile) over RTP in RTP_PORTS with RTCP on the next
# port, a 5-10 packet jitter buffer; the voice track of the media as its
# microphone, its loudspeaker a file
sip_config() {
	mkdir -p "$1"
	cat >"$1/config" <<SIP
poll_method		epoll
sip_listen		$2:5060
audio_path		/usr/share/baresip
audio_source		aufile,$MEDIA/voice48.wav
audio_player		aufile,$1/heard.wav
audio_alert		aufile,$1/alert.wav
audio_level		no
rtp_ports		$3
rtcp_mux		no
jitter_buffer_delay	5-10
opus_stereo		no
opus_sprop_stereo	no
opus_bitrate		32000
opus_application	voip
module_path		/usr/lib/baresip/modules
module			aufile.so
module			opus.so
module			g711.so
module_app		account.so
module_app		menu.so
SIP
	echo "<sip:lab@$2>;regint=0${4-}" >"$1/accounts"
}

# sip_ok, ddnet_ok, browser_ok: whether the programs of those scenarios
# are there
sip_ok() { command -v baresip >/dev/null && [ -e "$MEDIA/voice48.wav" ]; }
ddnet_ok() {
	[ -x /usr/games/DDNet-Server ] && command -v node >/dev/null &&
		[ -d "$MEDIA/node/node_modules/teeworlds" ]
}
browser_ok() { command -v chromium-headless-shell >/dev/null; }

servers_start() {
	# the clients' programs, once: their files in the guest's page cache
	# (a first start over 9p under TCG takes seconds)
	for p in "ffmpeg -version" "python3 -c 'import ssl, http.client'" \
		"ssh -V" "curl -V" "aria2c -v" "dig -v" "rsync --version" \
		"node -e 0" "baresip -h" "chromium-headless-shell --version"; do
		sh -c "$p" >/dev/null 2>&1
	done
	mkdir -p "$RUN/nginx" /run/sshd "$RUN/seed" "$RUN/chrony"
	# the swarm's hosts, once (python3 takes seconds to start under TCG)
	SWARM=$(python3 "$LAB/scenarios.py" hosts file-bt-swarm)
	cat >"$RUN/nginx.conf" <<NGINX
daemon on;
worker_processes 1;
pid $RUN/nginx/pid;
error_log $RUN/nginx/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $RUN/nginx;
	proxy_temp_path $RUN/nginx;
	fastcgi_temp_path $RUN/nginx;
	uwsgi_temp_path $RUN/nginx;
	scgi_temp_path $RUN/nginx;
	types { application/dash+xml mpd; video/mp4 m4s; text/html html;
		application/javascript js; application/octet-stream bin; }
	sendfile on;
	keepalive_requests 10000;
	ssl_certificate $MEDIA/tls.crt;
	ssl_certificate_key $MEDIA/tls.key;
	server {
		listen 198.18.2.11:443 ssl;
		listen 198.18.2.16:443 ssl;
		listen 198.18.2.18:443 ssl http2;
		listen 198.18.2.19:443 ssl;
		listen 198.18.2.27:443 ssl http2;
		listen [fd00:2::12]:443 ssl http2;
		root $MEDIA/www;
	}
}
NGINX
	ip netns exec server nginx -c "$RUN/nginx.conf" -e "$RUN/nginx/error.log"

	cat >"$RUN/sshd_config" <<SSHD
ListenAddress 198.18.2.14
ListenAddress 198.18.2.15
ListenAddress 198.18.2.20
HostKey $MEDIA/ssh/host_ed25519
AuthorizedKeysFile $MEDIA/ssh/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $RUN/sshd.pid
Subsystem sftp internal-sftp
SSHD
	ip netns exec server /usr/sbin/sshd -f "$RUN/sshd_config"

	ip netns exec server dnsmasq --conf-file=/dev/null --no-resolv \
		--no-hosts --listen-address=198.18.2.2 --bind-interfaces \
		--address=/lab/198.18.2.18 --pid-file="$RUN/dnsmasq.pid" \
		--user=root

	cat >"$RUN/chrony.conf" <<CHRONY
local stratum 8
allow all
bindaddress 198.18.2.2
port 123
cmdport 0
pidfile $RUN/chrony/pid
driftfile $RUN/chrony/drift
CHRONY
	# -x: serve time, never set the (shared) system clock
	ip netns exec server chronyd -x -f "$RUN/chrony.conf"

	# Debian's opentracker serves only the torrents of its whitelist
	ip netns exec server opentracker -i 198.18.2.17 -p 6969 -P 6969 \
		-w "$MEDIA/bt/whitelist" -d / >/dev/null 2>&1 &
	cp "$MEDIA/bt/share.bin" "$RUN/seed/"
	# --interface: announce and serve from the scenario's address
	ip netns exec server aria2c -q --interface=198.18.2.17 \
		--bt-seed-unverified=true --seed-ratio=0.0 \
		--enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
		--enable-peer-exchange=false --listen-port=6881 \
		--bt-tracker-interval=2 -d "$RUN/seed" \
		"$MEDIA/bt/share.torrent" >/dev/null 2>&1 &

	ip netns exec server python3 "$LAB/game.py" server --bind 198.18.2.13 \
		--seconds 3600 --seed "$SEED" >/dev/null &

	# DDNet's game server (Teeworlds) on a small deathmatch map; its
	# database and log in its own directory
	if ddnet_ok; then
		mkdir -p "$RUN/ddnet"
		(cd "$RUN/ddnet" && HOME=$RUN/ddnet exec ip netns exec server \
			/usr/games/DDNet-Server "bindaddr 198.18.2.25; sv_ipv4only 1; sv_port 8303; sv_register 0; sv_map dm1; sv_name dfi-lab" \
			>"$RUN/ddnet/out" 2>&1) &
	fi
	# the SIP user agent that answers every call at once
	if sip_ok; then
		sip_config "$RUN/sip-server" 198.18.2.26 10000-10001 \
			";answermode=auto"
		ip netns exec server baresip -f "$RUN/sip-server" \
			>"$RUN/sip-server/out" 2>&1 &
	fi
}

servers_stop() {
	for f in "$RUN/nginx/pid" "$RUN/sshd.pid" "$RUN/dnsmasq.pid" \
		"$RUN/chrony/pid"; do
		[ -r "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	pkill -f opentracker
	pkill aria2c
	pkill -f "game.py server"
	pkill DDNet-Server
	pkill baresip
	true
}
