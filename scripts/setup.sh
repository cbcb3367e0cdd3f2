#!/usr/bin/env bash
# Installs what the hub needs and npm does not: npm packages (when missing or stale), FFmpeg,
# fonts for the render node, PgBouncer (the local pooler in front of the embedded Postgres), and
# (with --browser) Debian Chromium for browser tests.
# Debian as root: apt-get. Elsewhere: says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

# npm packages: install when node_modules is missing or older than the lockfile.
if [[ ! -d node_modules ]] || [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[setup] installing npm packages…"
  npm install --no-audit --no-fund --loglevel=error
fi

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
# Debian installs it in /usr/sbin, which is not on a normal user's PATH.
command -v pgbouncer >/dev/null 2>&1 || [[ -x /usr/sbin/pgbouncer ]] || missing+=(pgbouncer)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
# The font list is read once into a variable and searched there: `fc-list | grep -q` under
# `pipefail` fails whenever grep matches early (fc-list dies of SIGPIPE), which made every start
# re-run apt-get for fonts that were installed.
fonts=""
command -v fc-list >/dev/null 2>&1 && fonts="$(fc-list : file 2>/dev/null || true)"
has_font() { grep -qi -- "$1" <<<"$fonts"; }
has_font "NotoSans-Regular" || missing+=(fonts-noto-core)
has_font "NotoSansCJK" || missing+=(fonts-noto-cjk)
if (( want_browser )); then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # Shoppers and merchants write with emoji; without a colour emoji font pages show empty boxes.
  has_font "NotoColorEmoji" || missing+=(fonts-noto-color-emoji)
fi

if (( ${#missing[@]} )); then
  # shellcheck disable=SC2207
  missing=($(printf '%s\n' "${missing[@]}" | sort -u))
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup] installing with apt-get: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[setup] missing system packages: ${missing[*]}" >&2
    echo "[setup] install them with your package manager (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
