# Shared set-up steps for scripts/run and scripts/test. Every step is idempotent: it checks
# what is installed (by asking the tool its version) and installs only what is missing, so a
# second run on a prepared machine costs seconds. Everything comes from the package registries
# (rustup, crates.io, npm, Debian); nothing downloads a prebuilt binary from anywhere else.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

TRUNK_VERSION="0.21.14"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else fail "need root for: $*"; fi
}

# The wasm-bindgen version the app links against, read from Cargo.lock so the CLI and the
# library can never drift apart.
locked_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# The toolchain rust-toolchain.toml pins (its `channel`); every cargo call inside the repo uses it.
pinned_rust_channel() {
    awk -F'"' '/^channel *=/ { print $2; exit }' "$ROOT/rust-toolchain.toml"
}

# Makes the pinned toolchain usable before anything calls cargo or rustup inside the repo
# (there rustup would try to download a missing pinned toolchain, which cannot work offline).
# rustup is asked from / so rust-toolchain.toml does not apply. When the pinned version is
# missing but `stable` is that very version, the pinned name becomes a symlink to stable.
ensure_rust() {
    command -v rustup >/dev/null || fail "rustup not found: install Rust with rustup (https://rustup.rs)"
    command -v cargo >/dev/null || fail "cargo not found: install Rust with rustup (https://rustup.rs)"
    local want host toolchains stable
    want="$(pinned_rust_channel)"
    [ -n "$want" ] || fail "could not read the toolchain channel from $ROOT/rust-toolchain.toml"
    host="$(cd / && rustup run stable rustc -vV 2>/dev/null | awk '/^host:/ { print $2 }' || true)"
    [ -n "$host" ] || host="$(cd / && rustc -vV | awk '/^host:/ { print $2 }')"
    toolchains="${RUSTUP_HOME:-$HOME/.rustup}/toolchains"
    if ! (cd / && rustup toolchain list) | awk '{ print $1 }' | grep -qxF "$want-$host"; then
        stable="$(cd / && rustup run stable rustc --version 2>/dev/null | awk '{ print $2 }' || true)"
        if [ "$stable" = "$want" ] && [ -d "$toolchains/stable-$host" ]; then
            say "rust $want: linking it to the installed stable toolchain (which is $want)"
            ln -sfn "$toolchains/stable-$host" "$toolchains/$want-$host"
        else
            fail "rust-toolchain.toml pins Rust $want, which rustup does not have, and stable is ${stable:-not installed}: run \`rustup toolchain install $want --component rustfmt,clippy --target wasm32-unknown-unknown\`"
        fi
    fi
    local tool
    for tool in rustfmt clippy; do
        if ! (cd / && rustup component list --installed --toolchain "$want") | grep -q "^$tool-"; then
            say "adding the $tool component to rust $want"
            (cd / && rustup component add "$tool" --toolchain "$want") || fail "could not add $tool to rust $want"
        fi
    done
    if ! (cd / && rustup target list --installed --toolchain "$want") | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target to rust $want"
        (cd / && rustup target add wasm32-unknown-unknown --toolchain "$want") || fail "could not add the wasm32-unknown-unknown target to rust $want"
    fi
}

ensure_wasm_bindgen() {
    local want have
    want="$(locked_wasm_bindgen_version)"
    [ -n "$want" ] || fail "could not read the wasm-bindgen version from Cargo.lock"
    have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
    if [ "$have" != "$want" ]; then
        say "installing wasm-bindgen-cli $want (found: ${have:-none}; takes ~4 min once)"
        # --locked fails for this crate here: its lockfile pins a crate the registry does not serve.
        cargo install wasm-bindgen-cli --version "$want" --force
    fi
}

ensure_trunk() {
    local have
    have="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
    if [ "$have" != "$TRUNK_VERSION" ]; then
        say "installing trunk $TRUNK_VERSION (found: ${have:-none}; takes ~11 min once)"
        cargo install trunk --version "$TRUNK_VERSION" --locked --force
    fi
}

ensure_npm_packages() {
    command -v npm >/dev/null || fail "npm not found: install Node.js 20+ and npm"
    # Reinstall only when the lockfile changed since the last install (a stamp keeps its hash).
    local stamp="$ROOT/node_modules/.stratosim-lock.sha256" want
    want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing npm packages from package-lock.json (binaryen for wasm-opt, playwright-core, axe-core)"
        (cd "$ROOT" && npm ci --no-audit --no-fund)
        echo "$want" > "$stamp"
    fi
    wasm-opt --version | grep -q "version 132" || fail "wasm-opt 132 expected from node_modules/.bin (npm package binaryen)"
}

ensure_chromium() {
    if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
        say "installing Debian's chromium and chromium-driver"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver
    fi
    # A Hangul font, so the Korean UI's screenshots and layout checks show letters, not boxes
    # (learners' own systems have one: Malgun Gothic, Apple SD Gothic Neo, Noto Sans KR).
    if ! fc-list :lang=ko 2>/dev/null | grep -q .; then
        say "installing Debian's fonts-nanum (a Hangul font for the Korean UI's e2e tests)"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-nanum
    fi
}

# Waits (up to 5 s) until something listens on 127.0.0.1:PORT; a server that never comes up
# shows as the next step's connection error, which names the port.
wait_for_port() {
    local _
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 0
}

build_release() {
    # Skip the build when dist/ is newer than every input (a second `scripts/run` then serves
    # at once); anything edited since triggers a full `trunk build --release`.
    local stamp="$ROOT/dist/index.html"
    if [ -f "$stamp" ] && [ -z "$(cd "$ROOT" && find app sim public index.html Trunk.toml Cargo.toml Cargo.lock package-lock.json scripts/service-worker.mjs -newer "$stamp" -print -quit 2>/dev/null)" ]; then
        say "release bundle is up to date (dist/)"
        return 0
    fi
    say "building the release bundle with trunk"
    (cd "$ROOT" && trunk build --release)
}
