#!/bin/sh
# Make sure the Dovecot binaries the integration tests need are installed.
#
# Idempotent: does nothing when /usr/sbin/dovecot exists. Otherwise installs dovecot-imapd and
# dovecot-lmtpd from the Debian/Ubuntu repositories WITHOUT starting the system service: the
# tests start private instances on free loopback ports (test/support/dovecot.ts), and a system
# dovecot grabbing ports 143/993/24 would only get in the way.
set -eu

DOVECOT=/usr/sbin/dovecot
PACKAGES="dovecot-imapd dovecot-lmtpd"

fail() {
  echo "ensure-dovecot: ERROR: $*" >&2
  exit 1
}

if [ -x "$DOVECOT" ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  fail "$DOVECOT is missing and apt-get is not available; install $PACKAGES by hand."

# apt needs root: run directly as root, else through passwordless sudo (e.g. CI runners).
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  fail "$DOVECOT is missing and installing $PACKAGES needs root (or passwordless sudo)."
fi

# Debian's maintainer scripts start the service through invoke-rc.d unless a policy-rc.d
# forbids it (exit 101 = "action forbidden"). Install one for the duration of the install,
# unless the machine already has its own, and always remove ours afterwards.
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  OWN_POLICY=1
fi
cleanup() {
  if [ -n "$OWN_POLICY" ]; then $SUDO rm -f "$POLICY"; fi
}
trap cleanup EXIT

echo "ensure-dovecot: installing $PACKAGES ..." >&2
$SUDO apt-get update -q || fail "apt-get update failed."
# shellcheck disable=SC2086 # $SUDO and $PACKAGES are deliberately word-split.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PACKAGES ||
  fail "apt-get install $PACKAGES failed."

[ -x "$DOVECOT" ] || fail "$PACKAGES installed but $DOVECOT is still missing."
echo "ensure-dovecot: $("$DOVECOT" --version) installed." >&2
