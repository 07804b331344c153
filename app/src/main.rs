//! The wasm binary's entry point: nothing but `app::start()`, so all logic stays in the
//! library where the native and browser tests can reach it.

fn main() {
    app::start();
}
