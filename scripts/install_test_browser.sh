#!/usr/bin/env bash
# Install the headless browser that tests/test_viewer_browser.py drives: Debian's chromium at /usr/bin/chromium.
#
# A no-op when it is there already. The Python side (playwright) comes with the test extra; its
# driver is inside the wheel, so `playwright install` (which downloads browsers) is never needed.
# Where it cannot install (not root, no apt-get) it says so and exits 0, so that it can sit in
# front of `python -m pytest` (the browser tests then skip); under CI (CI set) it exits 1, since
# the browser tests fail there without a browser.
# Usage: bash scripts/install_test_browser.sh   (as root, or with passwordless sudo, on Debian/Ubuntu)
set -euo pipefail
BROWSER=/usr/bin/chromium

give_up() {
    echo "install_test_browser: $1" >&2
    case "${CI:-}" in
        ""|0|false|no) echo "install_test_browser: the browser tests will skip" >&2; exit 0 ;;
        *) exit 1 ;;
    esac
}

if [ -x "$BROWSER" ]; then
    echo "install_test_browser: $BROWSER is present: nothing to do"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    give_up "no apt-get here: install Chromium so that $BROWSER exists"
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    give_up "installing $BROWSER needs root: run 'sudo apt-get install -y chromium' (or this script as root)"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || give_up "apt-get update failed"
$SUDO apt-get install -y -qq --no-install-recommends chromium || give_up "apt-get install chromium failed"
if [ ! -x "$BROWSER" ]; then
    give_up "apt installed chromium but $BROWSER is missing: link the browser there"
fi
echo "install_test_browser: installed $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
