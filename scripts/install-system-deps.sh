#!/usr/bin/env bash
# Debian packages the test suite needs, installed when missing (`make test` and CI call this):
# - chromium: the browser tests (Playwright drives Debian's build; it downloads none);
# - grammalecte-cli: the offline French checker (docs/variantes.md);
# - libharfbuzz-subset0: without HarfBuzz's subsetter WeasyPrint (PDF) warns, and the suite's
#   warnings are errors.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v grammalecte-cli >/dev/null || missing+=(grammalecte-cli)
ldconfig -p | grep libharfbuzz-subset.so.0 >/dev/null || missing+=(libharfbuzz-subset0)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    apt-get update && apt-get install -y "${missing[@]}"
    exit 0
fi
echo "Paquets Debian manquants pour les tests : ${missing[*]}" >&2
echo "Installez-les avec : sudo apt-get install ${missing[*]}" >&2
exit 1
