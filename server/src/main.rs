//! `stratosim-serve`: serves the built app (`dist/`) and relays live sessions on one port.
//! Binds loopback by default; `--bind 0.0.0.0:8080` shares it on a LAN.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use server::{router, Limits, Relay};

#[derive(Parser)]
#[command(
    name = "stratosim-serve",
    about = "Serve the Stratosim app and relay its live sessions"
)]
struct Args {
    /// The built app to serve (Trunk's output).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if !args.dist.join("index.html").is_file() {
        eprintln!(
            "stratosim-serve: --dist {}: no index.html there (build the app with `trunk build --release`)",
            args.dist.display()
        );
        return ExitCode::from(2);
    }
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("stratosim-serve: --bind {}: {e}", args.bind);
            return ExitCode::from(2);
        }
    };
    let app = router(Relay::new(Limits::default()), Some(args.dist));
    eprintln!(
        "stratosim-serve: http://{} (live sessions at /live/<room>)",
        args.bind
    );
    match axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stratosim-serve: {e}");
            ExitCode::FAILURE
        }
    }
}
