//! The live-session relay and the static file server behind `stratosim-serve`.
//!
//! A live session is a *room* (`/live/<room>`): every client of a room sends binary frames and
//! the relay forwards them. It never looks inside a payload: the app encrypts every message with
//! a key that only travels in the link's `#fragment`, so what arrives here is ciphertext. The
//! only bytes the relay reads are its own one-byte envelope:
//!
//! | client → relay            | relay → clients                                          |
//! |---------------------------|----------------------------------------------------------|
//! | `0x01` + ciphertext (op)  | `0x01` + room sequence number (u64 BE) + ciphertext, to every client, the sender included; kept in the room's log |
//! | `0x02` + ciphertext (presence) | `0x02` + ciphertext, to the other clients; not kept |
//!
//! On connecting (`/live/<room>?since=N&epoch=E`) a client first receives
//! `0x00` + epoch (u64 BE) + head sequence number (u64 BE), then every logged op after `N` (all
//! of them when `E` is not the room's epoch: the room died and was created again). The log lives
//! in memory while the room has a client and is dropped with the room when the last one leaves.
//! A frame over [`Limits::max_message_bytes`] closes the connection with code 1009, more frames
//! than the per-client rate closes it with 1008; both say why in the close reason.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Envelope byte of a logged, sequenced operation.
pub const OP: u8 = 0x01;
/// Envelope byte of a presence message (cursor, selection): relayed, never logged.
pub const PRESENCE: u8 = 0x02;
/// Envelope byte of the relay's greeting.
pub const WELCOME: u8 = 0x00;

/// What one client may send, and how much a room may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest frame accepted, envelope included.
    pub max_message_bytes: usize,
    /// Frames a client may send at once before the rate applies (token bucket size).
    pub burst: u32,
    /// Frames per second a client may send in the long run (token bucket refill).
    pub messages_per_second: f64,
    /// The most ciphertext a room's log keeps; past it the room refuses new ops.
    pub max_log_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // A 500-component design's snapshot is about 0.5 MB of JSON before encryption.
            max_message_bytes: 4 << 20,
            burst: 200,
            messages_per_second: 60.0,
            max_log_bytes: 64 << 20,
        }
    }
}

struct Room {
    epoch: u64,
    next_seq: u64,
    log: Vec<(u64, Vec<u8>)>,
    log_bytes: usize,
    clients: BTreeMap<u64, mpsc::UnboundedSender<Message>>,
}

#[derive(Default)]
struct Rooms {
    rooms: BTreeMap<String, Room>,
    next_client: u64,
    next_epoch: u64,
}

/// The relay's shared state: the live rooms. Cloning shares it.
#[derive(Clone)]
pub struct Relay {
    rooms: Arc<Mutex<Rooms>>,
    limits: Limits,
}

impl Relay {
    pub fn new(limits: Limits) -> Self {
        let epoch_seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        Relay {
            rooms: Arc::new(Mutex::new(Rooms {
                next_epoch: epoch_seed,
                ..Rooms::default()
            })),
            limits,
        }
    }

    /// How many rooms are held in memory (a room lives while it has a client).
    pub fn room_count(&self) -> usize {
        self.lock().rooms.len()
    }

    /// How many bytes of ciphertext the relay holds across all rooms' logs.
    pub fn logged_bytes(&self) -> usize {
        self.lock().rooms.values().map(|r| r.log_bytes).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rooms> {
        // A panic while holding the lock cannot leave a room half-updated in a way that
        // matters more than refusing every later client, so keep serving.
        self.rooms.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Joins (or creates) a room: registers the client and returns its id, the greeting and
    /// the catch-up frames, taken under one lock so no op is missed or sent twice.
    fn join(
        &self,
        room: &str,
        since: u64,
        epoch: Option<u64>,
        tx: mpsc::UnboundedSender<Message>,
    ) -> (u64, Vec<Message>) {
        let mut all = self.lock();
        all.next_client += 1;
        all.next_epoch = all.next_epoch.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let client = all.next_client;
        let fresh_epoch = all.next_epoch;
        let r = all.rooms.entry(room.to_string()).or_insert_with(|| Room {
            epoch: fresh_epoch,
            next_seq: 1,
            log: Vec::new(),
            log_bytes: 0,
            clients: BTreeMap::new(),
        });
        r.clients.insert(client, tx);
        let since = if epoch == Some(r.epoch) { since } else { 0 };
        let mut out = Vec::with_capacity(r.log.len() + 1);
        let mut welcome = vec![WELCOME];
        welcome.extend_from_slice(&r.epoch.to_be_bytes());
        welcome.extend_from_slice(&(r.next_seq - 1).to_be_bytes());
        out.push(Message::Binary(welcome.into()));
        for (seq, frame) in r.log.iter().filter(|(seq, _)| *seq > since) {
            out.push(Message::Binary(op_frame(*seq, frame).into()));
        }
        (client, out)
    }

    fn leave(&self, room: &str, client: u64) {
        let mut all = self.lock();
        if let Some(r) = all.rooms.get_mut(room) {
            r.clients.remove(&client);
            if r.clients.is_empty() {
                all.rooms.remove(room);
            }
        }
    }

    /// Handles one frame from a client; `Err` is the close frame to end its connection with.
    fn relay(&self, room: &str, client: u64, frame: &[u8]) -> Result<(), CloseFrame> {
        let mut all = self.lock();
        let Some(r) = all.rooms.get_mut(room) else {
            return Ok(());
        };
        match frame.split_first() {
            Some((&OP, body)) => {
                if r.log_bytes + body.len() > self.limits.max_log_bytes {
                    return Err(close(
                        1008,
                        format!(
                            "room log full: it holds {} bytes, limit {} bytes",
                            r.log_bytes, self.limits.max_log_bytes
                        ),
                    ));
                }
                let seq = r.next_seq;
                r.next_seq += 1;
                let out = op_frame(seq, body);
                r.log_bytes += body.len();
                r.log.push((seq, body.to_vec()));
                let out = axum::body::Bytes::from(out);
                for tx in r.clients.values() {
                    let _ = tx.send(Message::Binary(out.clone()));
                }
                Ok(())
            }
            Some((&PRESENCE, _)) => {
                let out = axum::body::Bytes::copy_from_slice(frame);
                for (id, tx) in &r.clients {
                    if *id != client {
                        let _ = tx.send(Message::Binary(out.clone()));
                    }
                }
                Ok(())
            }
            Some((other, _)) => Err(close(
                1003,
                format!(
                    "unknown message type 0x{other:02x}: expected 0x01 (op) or 0x02 (presence)"
                ),
            )),
            None => Err(close(1003, "empty message".into())),
        }
    }
}

fn op_frame(seq: u64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 9);
    out.push(OP);
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(body);
    out
}

fn close(code: u16, reason: String) -> CloseFrame {
    CloseFrame {
        code,
        reason: Utf8Bytes::from(reason),
    }
}

/// Whether a room id is one the app makes: 1 to 64 of `A–Z a–z 0–9 - _`.
pub fn valid_room(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[derive(Deserialize)]
struct JoinQuery {
    since: Option<u64>,
    epoch: Option<u64>,
}

/// The whole service: `/live/<room>` for WebSockets and, when `dist` is given, the built app.
pub fn router(relay: Relay, dist: Option<PathBuf>) -> Router {
    let live = Router::new()
        .route("/live/{room}", get(upgrade))
        .with_state(relay);
    match dist {
        Some(dir) => live.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => live,
    }
}

async fn upgrade(
    State(relay): State<Relay>,
    Path(room): Path<String>,
    Query(q): Query<JoinQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    if !valid_room(&room) {
        return (
            StatusCode::BAD_REQUEST,
            format!("room id {room:?}: expected 1 to 64 of A-Z a-z 0-9 - _"),
        )
            .into_response();
    }
    // The library's own cap sits above ours so an oversized frame reaches `serve` and gets
    // a close reason instead of a dropped connection.
    let cap = relay.limits.max_message_bytes.saturating_mul(2).max(1024);
    ws.max_message_size(cap)
        .max_frame_size(cap)
        .on_upgrade(move |socket| serve(relay, room, q, socket))
}

async fn serve(relay: Relay, room: String, q: JoinQuery, mut socket: WebSocket) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (client, greeting) = relay.join(&room, q.since.unwrap_or(0), q.epoch, tx);
    let limits = relay.limits;
    let mut tokens = f64::from(limits.burst);
    let mut last = Instant::now();
    for m in greeting {
        if socket.send(m).await.is_err() {
            relay.leave(&room, client);
            return;
        }
    }
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(m) => if socket.send(m).await.is_err() { break },
                None => break,
            },
            incoming = socket.recv() => {
                let Some(Ok(m)) = incoming else { break };
                let verdict = match m {
                    Message::Binary(bytes) => {
                        let now = Instant::now();
                        tokens = (tokens
                            + now.duration_since(last).as_secs_f64() * limits.messages_per_second)
                            .min(f64::from(limits.burst));
                        last = now;
                        if bytes.len() > limits.max_message_bytes {
                            Err(close(1009, format!(
                                "message too big: {} bytes, limit {} bytes",
                                bytes.len(), limits.max_message_bytes
                            )))
                        } else if tokens < 1.0 {
                            Err(close(1008, format!(
                                "rate limit: more than {} messages per second (burst {})",
                                limits.messages_per_second, limits.burst
                            )))
                        } else {
                            tokens -= 1.0;
                            relay.relay(&room, client, &bytes)
                        }
                    }
                    Message::Text(_) => Err(close(1003, "binary messages only".into())),
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => Ok(()),
                };
                if let Err(frame) = verdict {
                    let _ = socket.send(Message::Close(Some(frame))).await;
                    break;
                }
            }
        }
    }
    relay.leave(&room, client);
}
