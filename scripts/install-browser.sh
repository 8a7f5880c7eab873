#!/usr/bin/env bash
# Installs what the browser tests drive: Debian's Chromium (never a downloaded browser) and CJK fonts, so the
# studio's Chinese text renders in screenshots. Does nothing when both are present. Needs root (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" != "0" ]; then
	echo "install-browser: run as root (or: sudo apt-get install -y ${need[*]})" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${need[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; }
