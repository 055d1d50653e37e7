#!/bin/sh
# mkmedia.sh DIR: what the lab's servers serve, made once on the host (the
# guest runs under TCG, far too slow to encode): a DASH presentation, an
# Opus voice track and an H.264 stream for RTP, files to download, a web
# page with its objects, a TLS certificate and ssh keys.  Idempotent: does
# nothing when DIR/.done exists.
set -eu
dir=$1
[ -e "$dir/.done" ] && exit 0
rm -rf "$dir"
mkdir -p "$dir/www/dash" "$dir/www/page" "$dir/www/files" "$dir/ssh" "$dir/bt"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# Video: 48 s of 854x480 at about 1.5 Mbit/s in 2 s DASH segments, with
# an AAC track; a live-style H.264 stream for RTP.
ff -f lavfi -i testsrc2=size=854x480:rate=25 -f lavfi -i sine=frequency=330 \
	-t 48 -c:v libx264 -preset ultrafast -b:v 1400k -maxrate 1800k \
	-bufsize 2800k -g 50 -keyint_min 50 -c:a aac -b:a 96k \
	-f dash -seg_duration 2 -use_template 1 -use_timeline 0 \
	"$dir/www/dash/manifest.mpd"
ff -f lavfi -i testsrc=size=640x360:rate=25 -t 60 -c:v libx264 \
	-preset ultrafast -tune zerolatency -b:v 700k -g 50 -an "$dir/live.mkv"

# Voice: Opus at 20 ms frames, talk spurts and pauses (VBR follows them).
ff -f lavfi -i "anoisesrc=color=pink:sample_rate=48000:amplitude=0.4" \
	-af "volume='if(lt(mod(t,5),3),1,0.02)':eval=frame" -t 60 -ac 1 \
	-c:a libopus -b:a 32k -vbr on -frame_duration 20 -application voip \
	"$dir/voice.ogg"

# The same voice as a SIP phone's microphone (baresip reads 48 kHz PCM).
ff -f lavfi -i "anoisesrc=color=pink:sample_rate=48000:amplitude=0.4" \
	-af "volume='if(lt(mod(t,5),3),1,0.02)':eval=frame" -t 60 -ac 1 \
	-c:a pcm_s16le "$dir/voice48.wav"

# The Teeworlds client library of the game scenario, from npm (the version
# pinned, its integrity checked by npm); without npm or its registry the
# scenario is left out.
if command -v npm >/dev/null; then
	mkdir -p "$dir/node"
	(cd "$dir/node" && timeout 300 npm install --no-audit --no-fund \
		--no-save --ignore-scripts teeworlds@2.6.1 >/dev/null 2>&1) ||
		{ echo "mkmedia: npm install teeworlds failed: no Teeworlds players" >&2
		  rm -rf "$dir/node"; }
fi

# Downloads; a page of 40 objects, most of them small (1-8 KiB scripts and
# icons), some of 16-128 KiB (images, bundles): 1.2 MiB in all, about what
# a web page weighs.
head -c 64M /dev/urandom >"$dir/www/files/big.bin"
i=0
{
	echo "<html><head><title>dfi lab</title></head><body>"
	while [ $i -lt 40 ]; do
		size=$(( (1 << (i * 5 % 8)) * 1024 + i * 337 % 1024 ))
		head -c "$size" /dev/urandom | base64 -w 0 | head -c "$size" >"$dir/www/page/o$i.js"
		echo "<script src=\"o$i.js\"></script>"
		i=$((i + 1))
	done
	echo "</body></html>"
} >"$dir/www/page/index.html"

openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=dfi-lab \
	-keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/client_ed25519"
cp "$dir/ssh/client_ed25519.pub" "$dir/ssh/authorized_keys"

# BitTorrent: one 24 MiB file, its single-file torrent and the tracker's
# whitelist (bencode written here: no torrent maker in Debian's base).
head -c 24M /dev/urandom >"$dir/bt/share.bin"
python3 - "$dir/bt/share.bin" "$dir/bt/share.torrent" <<'PY'
import hashlib, os, sys
src, dst = sys.argv[1:]
def be(x):
    if isinstance(x, int): return b"i%de" % x
    if isinstance(x, str): x = x.encode()
    if isinstance(x, bytes): return b"%d:%s" % (len(x), x)
    if isinstance(x, dict):
        return b"d" + b"".join(be(k) + be(x[k]) for k in sorted(x)) + b"e"
plen = 256 * 1024
pieces = b""
with open(src, "rb") as f:
    while True:
        b = f.read(plen)
        if not b: break
        pieces += hashlib.sha1(b).digest()
info = {"name": os.path.basename(src), "length": os.path.getsize(src),
        "piece length": plen, "pieces": pieces}
open(dst, "wb").write(be({"announce": "http://198.18.2.17:6969/announce",
                          "info": info}))
with open(os.path.join(os.path.dirname(dst), "whitelist"), "w") as f:
    f.write(hashlib.sha1(be(info)).hexdigest() + "\n")
PY
chmod -R a+rX "$dir"
chmod 600 "$dir/ssh/host_ed25519" "$dir/ssh/client_ed25519"
touch "$dir/.done"
