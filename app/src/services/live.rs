//! The live session's connection: a WebSocket to the relay at `/live/<room>` on this page's
//! own host, every message encrypted with AES-GCM (WebCrypto) under the key from the link's
//! `#fragment`, which is never sent anywhere. It decrypts in arrival order, hands the ops and
//! presence to the app, and sends the session's pending ops once it has caught up after each
//! (re)connection. A dropped connection is retried (at once when the browser says it is online
//! again); a page served without the relay says so instead of failing.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, BinaryType, CryptoKey, MessageEvent, WebSocket};
use yew::Callback;

use crate::state::live::{encode_id, Envelope, Presence, Sync};

/// Envelope bytes of the relay's frames (see the `server` crate).
const WELCOME: u8 = 0x00;
const OP: u8 = 0x01;
const PRESENCE: u8 = 0x02;
const IV_BYTES: usize = 12;
/// How long an opening handshake may take before the socket is dropped and tried again.
/// The browser's own limit is minutes (Chromium's is 240 s); a relay that has not answered
/// in this long is not going to, and a retry usually gets through at once.
const HANDSHAKE_MS: u32 = 10_000;

/// What the connection tells the app.
#[derive(Clone, Debug)]
pub enum Event {
    Status(Status),
    Welcome { epoch: u64, head: u64 },
    Ops(Vec<(u64, Envelope)>),
    Presence(Presence),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Connecting,
    Connected,
    /// Was connected; trying again (with why it dropped).
    Reconnecting(String),
    /// Never got through: the page is served without the relay, or it is down.
    Unreachable,
}

fn js_err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    let w = web_sys::window().ok_or("no window")?;
    Ok(w.crypto().map_err(js_err)?.subtle())
}

/// `n` random bytes from the browser's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, String> {
    let w = web_sys::window().ok_or("no window")?;
    let mut b = vec![0u8; n];
    w.crypto()
        .map_err(js_err)?
        .get_random_values_with_u8_array(&mut b)
        .map_err(js_err)?;
    Ok(b)
}

/// A random base64url id of `n` bytes (a room, a client).
pub fn random_id(n: usize) -> Result<String, String> {
    random_bytes(n).map(|b| encode_id(&b))
}

fn usages() -> Array {
    Array::of2(&"encrypt".into(), &"decrypt".into())
}

/// A new 256-bit AES-GCM key and its raw bytes in base64url (for the link's fragment).
pub async fn new_key() -> Result<(CryptoKey, String), String> {
    let s = subtle()?;
    let params = AesKeyGenParams::new("AES-GCM", 256);
    let key: CryptoKey = JsFuture::from(
        s.generate_key_with_object(&params, true, &usages())
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?
    .unchecked_into();
    let raw: ArrayBuffer = JsFuture::from(s.export_key("raw", &key).map_err(js_err)?)
        .await
        .map_err(js_err)?
        .unchecked_into();
    Ok((key, encode_id(&Uint8Array::new(&raw).to_vec())))
}

/// The key of a live link's fragment.
pub async fn import_key(b64: &str) -> Result<CryptoKey, String> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let raw = URL_SAFE_NO_PAD
        .decode(b64)
        .map_err(|e| format!("the link's key: {e}"))?;
    if raw.len() != 32 {
        return Err(format!(
            "the link's key has {} bytes, expected 32",
            raw.len()
        ));
    }
    let data = Uint8Array::from(raw.as_slice());
    let key = JsFuture::from(
        subtle()?
            .import_key_with_str("raw", &data, "AES-GCM", false, &usages())
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?;
    Ok(key.unchecked_into())
}

/// `iv || AES-GCM(plain)` with a fresh random 96-bit IV.
async fn encrypt(key: &CryptoKey, plain: &[u8]) -> Result<Vec<u8>, String> {
    let mut iv = random_bytes(IV_BYTES)?;
    let params = AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let ct: ArrayBuffer = JsFuture::from(
        subtle()?
            .encrypt_with_object_and_u8_array(&params, key, plain)
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?
    .unchecked_into();
    iv.extend(Uint8Array::new(&ct).to_vec());
    Ok(iv)
}

async fn decrypt(key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < IV_BYTES {
        return Err("a message shorter than its IV".into());
    }
    let mut iv = data[..IV_BYTES].to_vec();
    let params = AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let plain: ArrayBuffer = JsFuture::from(
        subtle()?
            .decrypt_with_object_and_u8_array(&params, key, &data[IV_BYTES..])
            .map_err(js_err)?,
    )
    .await
    .map_err(|_| "a message that does not decrypt with this link's key".to_string())?
    .unchecked_into();
    Ok(Uint8Array::new(&plain).to_vec())
}

struct Inner {
    room: String,
    key: CryptoKey,
    on_event: Callback<Event>,
    ws: RefCell<Option<WebSocket>>,
    listeners: RefCell<Vec<EventListener>>,
    /// The session's position, for the next connection's `since`/`epoch`.
    position: Cell<(u64, Option<u64>)>,
    /// This connection's greeting: (epoch, head); ops are sent once the session reached it.
    greeting: Cell<Option<(u64, u64)>>,
    sent: RefCell<BTreeSet<u64>>,
    outgoing: RefCell<VecDeque<(u8, Vec<u8>)>>,
    sending: Cell<bool>,
    incoming: RefCell<VecDeque<Vec<u8>>>,
    receiving: Cell<bool>,
    ever_connected: Cell<bool>,
    stopped: Cell<bool>,
    retry: RefCell<Option<Timeout>>,
    /// Drops the socket if its opening handshake has not finished in [`HANDSHAKE_MS`].
    handshake: RefCell<Option<Timeout>>,
    attempts: Cell<u32>,
}

/// An open (or reconnecting) live session. Dropping it does not close it: call `close`.
#[derive(Clone)]
pub struct Connection(Rc<Inner>);

impl PartialEq for Connection {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Connection {
    pub fn open(room: String, key: CryptoKey, on_event: Callback<Event>) -> Connection {
        let c = Connection(Rc::new(Inner {
            room,
            key,
            on_event,
            ws: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            position: Cell::new((0, None)),
            greeting: Cell::new(None),
            sent: RefCell::new(BTreeSet::new()),
            outgoing: RefCell::new(VecDeque::new()),
            sending: Cell::new(false),
            incoming: RefCell::new(VecDeque::new()),
            receiving: Cell::new(false),
            ever_connected: Cell::new(false),
            stopped: Cell::new(false),
            retry: RefCell::new(None),
            handshake: RefCell::new(None),
            attempts: Cell::new(0),
        }));
        if let Some(w) = web_sys::window() {
            let (off, on) = (c.clone(), c.clone());
            let offline = EventListener::new(&w, "offline", move |_| off.drop_socket());
            let online = EventListener::new(&w, "online", move |_| on.connect());
            c.0.listeners.borrow_mut().extend([offline, online]);
        }
        c.connect();
        c
    }

    fn emit(&self, e: Event) {
        self.0.on_event.emit(e);
    }

    fn url(&self) -> String {
        let loc = web_sys::window().map(|w| w.location());
        let host = loc.as_ref().and_then(|l| l.host().ok()).unwrap_or_default();
        let secure = loc
            .as_ref()
            .and_then(|l| l.protocol().ok())
            .is_some_and(|p| p == "https:");
        let (since, epoch) = self.0.position.get();
        let epoch = epoch.map(|e| format!("&epoch={e}")).unwrap_or_default();
        format!(
            "{}://{host}/live/{}?since={since}{epoch}",
            if secure { "wss" } else { "ws" },
            self.0.room
        )
    }

    /// Closes the socket (without stopping): the close handler schedules a retry.
    fn drop_socket(&self) {
        self.0.handshake.borrow_mut().take();
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            let _ = ws.close();
        }
        self.on_closed("the browser went offline".into());
    }

    fn connect(&self) {
        if self.0.stopped.get() || self.0.ws.borrow().is_some() {
            return;
        }
        self.0.retry.borrow_mut().take();
        self.0.greeting.set(None);
        self.0.sent.borrow_mut().clear();
        if !self.0.ever_connected.get() {
            self.emit(Event::Status(Status::Connecting));
        }
        let ws = match WebSocket::new(&self.url()) {
            Ok(ws) => ws,
            Err(e) => return self.on_closed(js_err(e)),
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let (a, b, c) = (self.clone(), self.clone(), self.clone());
        let on_open = EventListener::new(&ws, "open", move |_| {
            a.0.handshake.borrow_mut().take();
            a.0.ever_connected.set(true);
            a.0.attempts.set(0);
            a.emit(Event::Status(Status::Connected));
        });
        let on_message = EventListener::new(&ws, "message", move |e| {
            let e = e.unchecked_ref::<MessageEvent>();
            if let Ok(buf) = e.data().dyn_into::<ArrayBuffer>() {
                b.0.incoming
                    .borrow_mut()
                    .push_back(Uint8Array::new(&buf).to_vec());
                b.receive();
            }
        });
        let ws_close = ws.clone();
        let on_close = EventListener::new(&ws, "close", move |e| {
            let reason = e
                .dyn_ref::<web_sys::CloseEvent>()
                .map(|e| e.reason())
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| "the connection closed".into());
            let mine = c.0.ws.borrow().as_ref().is_some_and(|w| w == &ws_close);
            if mine {
                c.0.ws.borrow_mut().take();
                c.0.handshake.borrow_mut().take();
                c.on_closed(reason);
            }
        });
        let (late, ws_late) = (self.clone(), ws.clone());
        *self.0.handshake.borrow_mut() = Some(Timeout::new(HANDSHAKE_MS, move || {
            let mine = late.0.ws.borrow().as_ref().is_some_and(|w| w == &ws_late);
            if mine && ws_late.ready_state() == WebSocket::CONNECTING {
                // Taken first, so its own close event is not this connection's any more.
                late.0.ws.borrow_mut().take();
                let _ = ws_late.close();
                late.on_closed(format!(
                    "the relay did not answer within {} s",
                    HANDSHAKE_MS / 1000
                ));
            }
        }));
        let mut l = self.0.listeners.borrow_mut();
        l.truncate(2);
        l.extend([on_open, on_message, on_close]);
        *self.0.ws.borrow_mut() = Some(ws);
    }

    fn on_closed(&self, reason: String) {
        if self.0.stopped.get() {
            return;
        }
        self.0.greeting.set(None);
        self.emit(Event::Status(if self.0.ever_connected.get() {
            Status::Reconnecting(reason)
        } else {
            Status::Unreachable
        }));
        let n = self.0.attempts.get() + 1;
        self.0.attempts.set(n);
        let delay = (250 * 2u32.saturating_pow(n.min(5))).min(5000);
        let again = self.clone();
        *self.0.retry.borrow_mut() = Some(Timeout::new(delay, move || {
            let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
            if online {
                again.connect();
            } else {
                again.on_closed("the browser is offline".into());
            }
        }));
    }

    /// Stops for good: no retries, the socket closed.
    pub fn close(&self) {
        self.0.stopped.set(true);
        self.0.retry.borrow_mut().take();
        self.0.handshake.borrow_mut().take();
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            let _ = ws.close();
        }
        self.0.listeners.borrow_mut().clear();
    }

    /// Decrypts what arrived, in order, handing ops to the app in batches.
    fn receive(&self) {
        if self.0.receiving.replace(true) {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut batch = Vec::new();
            loop {
                let next = me.0.incoming.borrow_mut().pop_front();
                let Some(frame) = next else { break };
                match frame.split_first() {
                    Some((&WELCOME, rest)) if rest.len() >= 16 => {
                        if !batch.is_empty() {
                            me.emit(Event::Ops(std::mem::take(&mut batch)));
                        }
                        let epoch = u64::from_be_bytes(rest[..8].try_into().unwrap_or_default());
                        let head = u64::from_be_bytes(rest[8..16].try_into().unwrap_or_default());
                        me.0.greeting.set(Some((epoch, head)));
                        me.0.sent.borrow_mut().clear();
                        me.emit(Event::Welcome { epoch, head });
                    }
                    Some((&OP, rest)) if rest.len() >= 8 => {
                        let seq = u64::from_be_bytes(rest[..8].try_into().unwrap_or_default());
                        let env = decrypt(&me.0.key, &rest[8..]).await.and_then(|p| {
                            serde_json::from_slice::<Envelope>(&p).map_err(|e| e.to_string())
                        });
                        match env {
                            Ok(env) => batch.push((seq, env)),
                            Err(e) => web_sys::console::warn_1(
                                &format!("live op {seq} skipped: {e}").into(),
                            ),
                        }
                    }
                    Some((&PRESENCE, rest)) => {
                        let p = decrypt(&me.0.key, rest).await.and_then(|p| {
                            serde_json::from_slice::<Presence>(&p).map_err(|e| e.to_string())
                        });
                        if let Ok(p) = p {
                            me.emit(Event::Presence(p));
                        }
                    }
                    _ => {}
                }
            }
            if !batch.is_empty() {
                me.emit(Event::Ops(batch));
            }
            me.0.receiving.set(false);
            if !me.0.incoming.borrow().is_empty() {
                me.receive();
            }
        });
    }

    /// Sends the session's pending ops this connection has not sent, once the session has
    /// caught up with the room (so a resent op follows everything the room already had).
    pub fn flush(&self, sync: &Sync) {
        self.0.position.set((sync.seq, sync.epoch));
        let Some((epoch, head)) = self.0.greeting.get() else {
            return;
        };
        if sync.epoch != Some(epoch) || sync.seq < head {
            return;
        }
        for env in sync.outbox() {
            if self.0.sent.borrow_mut().insert(env.n) {
                if let Ok(json) = serde_json::to_vec(&env) {
                    self.0.outgoing.borrow_mut().push_back((OP, json));
                }
            }
        }
        self.send_queued();
    }

    /// Sends presence (dropped while disconnected: it is only ever the latest position).
    pub fn presence(&self, p: &Presence) {
        if self.0.greeting.get().is_none() {
            return;
        }
        if let Ok(json) = serde_json::to_vec(p) {
            let mut q = self.0.outgoing.borrow_mut();
            q.retain(|(t, _)| *t != PRESENCE);
            q.push_back((PRESENCE, json));
        }
        self.send_queued();
    }

    pub fn connected(&self) -> bool {
        self.0.greeting.get().is_some()
    }

    fn send_queued(&self) {
        if self.0.sending.replace(true) {
            return;
        }
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let next = me.0.outgoing.borrow_mut().pop_front();
                let Some((kind, plain)) = next else { break };
                let Ok(ct) = encrypt(&me.0.key, &plain).await else {
                    continue;
                };
                let mut frame = Vec::with_capacity(ct.len() + 1);
                frame.push(kind);
                frame.extend(ct);
                let ws = me.0.ws.borrow().clone();
                let sent = ws.is_some_and(|ws| ws.send_with_u8_array(&frame).is_ok());
                if !sent && kind == OP {
                    // Not sent: the next connection sends it again.
                    me.0.sent.borrow_mut().clear();
                }
            }
            me.0.sending.set(false);
        });
    }
}
