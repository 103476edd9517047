# Sourced by run.sh and test.sh (which define log and die).
# ensure_debian_packages BINARY:PACKAGE ...
# Installs the PACKAGE of every BINARY that is not on PATH (apt-get update once, then
# apt-get install -y --no-install-recommends), as root, or through sudo when not root.
APT_UPDATED=0
ensure_debian_packages() {
  local missing=() pair binary package
  for pair in "$@"; do
    binary=${pair%%:*}
    package=${pair#*:}
    if ! command -v "$binary" >/dev/null 2>&1 && [[ ! -x $binary ]]; then
      missing+=("$package")
    fi
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "the tests need the Debian packages: ${missing[*]}. Install them (apt-get install -y --no-install-recommends ${missing[*]}) or run this script as root."
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "the tests need: ${missing[*]}, and there is no apt-get here to install them; install them yourself."

  log "installing Debian packages: ${missing[*]}"
  if [[ $APT_UPDATED == 0 ]]; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
