//! The relay against real WebSocket clients on loopback: rooms are isolated, ciphertext comes
//! back byte for byte with a room sequence number, a room is forgotten when its last client
//! leaves, and oversized or too frequent messages close the connection with a reason.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use server::{router, Limits, Relay, OP, PRESENCE, WELCOME};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Client = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A generous ceiling for one expected frame; a test fails rather than hangs.
const PATIENCE: Duration = Duration::from_secs(20);

async fn start(limits: Limits) -> (Relay, String) {
    let relay = Relay::new(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(relay.clone(), None);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (relay, format!("ws://{addr}"))
}

async fn connect(base: &str, path: &str) -> (Client, u64, u64) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("{base}{path}"))
        .await
        .unwrap();
    let welcome = next_binary(&mut ws).await;
    assert_eq!(welcome[0], WELCOME, "the first frame is the greeting");
    let epoch = u64::from_be_bytes(welcome[1..9].try_into().unwrap());
    let head = u64::from_be_bytes(welcome[9..17].try_into().unwrap());
    (ws, epoch, head)
}

async fn next_message(ws: &mut Client) -> Message {
    tokio::time::timeout(PATIENCE, ws.next())
        .await
        .expect("a frame within the ceiling")
        .expect("the connection is open")
        .expect("a well-formed frame")
}

async fn next_binary(ws: &mut Client) -> Vec<u8> {
    loop {
        match next_message(ws).await {
            Message::Binary(b) => return b.to_vec(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a binary frame, got {other:?}"),
        }
    }
}

/// An op as the relay sends it: (sequence number, ciphertext).
async fn next_op(ws: &mut Client) -> (u64, Vec<u8>) {
    let f = next_binary(ws).await;
    assert_eq!(f[0], OP, "an op frame");
    (
        u64::from_be_bytes(f[1..9].try_into().unwrap()),
        f[9..].to_vec(),
    )
}

fn op(body: &[u8]) -> Message {
    let mut f = vec![OP];
    f.extend_from_slice(body);
    Message::Binary(f.into())
}

async fn close_reason(ws: &mut Client) -> (u16, String) {
    loop {
        match next_message(ws).await {
            Message::Close(Some(frame)) => return (frame.code.into(), frame.reason.to_string()),
            Message::Close(None) => panic!("closed without a reason"),
            _ => continue,
        }
    }
}

async fn until_rooms(relay: &Relay, n: usize) {
    tokio::time::timeout(PATIENCE, async {
        while relay.room_count() != n {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{} rooms, expected {n}", relay.room_count()));
}

#[tokio::test]
async fn ciphertext_is_relayed_byte_for_byte_to_every_client_with_a_sequence_number() {
    let (_relay, base) = start(Limits::default()).await;
    let (mut a, _, head) = connect(&base, "/live/room-1").await;
    assert_eq!(head, 0, "a new room has an empty log");
    let (mut b, _, _) = connect(&base, "/live/room-1").await;
    // Every byte value, so no text or UTF-8 handling can sneak in.
    let body: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    a.send(op(&body)).await.unwrap();
    for ws in [&mut a, &mut b] {
        assert_eq!(
            next_op(ws).await,
            (1, body.clone()),
            "sender and peer see seq 1"
        );
    }
    b.send(op(b"second")).await.unwrap();
    for ws in [&mut a, &mut b] {
        assert_eq!(next_op(ws).await, (2, b"second".to_vec()));
    }
}

#[tokio::test]
async fn presence_goes_to_the_others_only_and_is_not_logged() {
    let (relay, base) = start(Limits::default()).await;
    let (mut a, _, _) = connect(&base, "/live/p").await;
    let (mut b, _, _) = connect(&base, "/live/p").await;
    a.send(Message::Binary(vec![PRESENCE, 7, 7].into()))
        .await
        .unwrap();
    assert_eq!(next_binary(&mut b).await, vec![PRESENCE, 7, 7]);
    a.send(op(b"x")).await.unwrap();
    assert_eq!(
        next_op(&mut a).await.1,
        b"x".to_vec(),
        "the sender's next frame is its op, not its own presence"
    );
    assert_eq!(relay.logged_bytes(), 1, "only the op is kept");
}

#[tokio::test]
async fn rooms_are_isolated() {
    let (_relay, base) = start(Limits::default()).await;
    let (mut a, _, _) = connect(&base, "/live/alpha").await;
    let (mut b, _, _) = connect(&base, "/live/beta").await;
    a.send(op(b"for alpha")).await.unwrap();
    b.send(op(b"for beta")).await.unwrap();
    assert_eq!(next_op(&mut a).await, (1, b"for alpha".to_vec()));
    assert_eq!(
        next_op(&mut b).await,
        (1, b"for beta".to_vec()),
        "each room numbers its own ops and sees only them"
    );
    let (mut late, _, head) = connect(&base, "/live/beta").await;
    assert_eq!(head, 1);
    assert_eq!(next_op(&mut late).await, (1, b"for beta".to_vec()));
}

#[tokio::test]
async fn a_reconnecting_client_catches_up_from_its_last_seen_sequence_number() {
    let (_relay, base) = start(Limits::default()).await;
    let (mut a, epoch, _) = connect(&base, "/live/r").await;
    for body in [b"one", b"two", b"thr"] {
        a.send(op(body)).await.unwrap();
        next_op(&mut a).await;
    }
    let (mut b, _, head) = connect(&base, &format!("/live/r?since=1&epoch={epoch}")).await;
    assert_eq!(head, 3);
    assert_eq!(next_op(&mut b).await, (2, b"two".to_vec()));
    assert_eq!(next_op(&mut b).await, (3, b"thr".to_vec()));
    let (mut c, _, _) = connect(&base, "/live/r?since=2&epoch=12345").await;
    assert_eq!(
        next_op(&mut c).await.0,
        1,
        "another epoch means another room: the whole log"
    );
}

#[tokio::test]
async fn a_room_is_forgotten_with_its_log_when_its_last_client_leaves() {
    let (relay, base) = start(Limits::default()).await;
    let (mut a, epoch, _) = connect(&base, "/live/gone").await;
    let (b, _, _) = connect(&base, "/live/gone").await;
    a.send(op(b"design ciphertext")).await.unwrap();
    next_op(&mut a).await;
    assert_eq!(relay.room_count(), 1);
    assert_eq!(relay.logged_bytes(), 17);
    drop(b);
    a.close(None).await.unwrap();
    until_rooms(&relay, 0).await;
    assert_eq!(relay.logged_bytes(), 0);
    let (_again, new_epoch, head) =
        connect(&base, &format!("/live/gone?since=1&epoch={epoch}")).await;
    assert_eq!(head, 0, "nothing of the old room is left");
    assert_ne!(new_epoch, epoch, "the new room says it is another one");
}

#[tokio::test]
async fn an_oversized_message_closes_the_connection_with_the_size_and_the_limit() {
    let limits = Limits {
        max_message_bytes: 1000,
        ..Limits::default()
    };
    let (relay, base) = start(limits).await;
    let (mut a, _, _) = connect(&base, "/live/big").await;
    a.send(op(&[0u8; 1500])).await.unwrap();
    let (code, reason) = close_reason(&mut a).await;
    assert_eq!(code, 1009);
    assert_eq!(reason, "message too big: 1501 bytes, limit 1000 bytes");
    until_rooms(&relay, 0).await;
}

#[tokio::test]
async fn a_client_over_the_message_rate_is_closed_with_the_rate_in_the_reason() {
    let limits = Limits {
        burst: 5,
        messages_per_second: 0.001,
        ..Limits::default()
    };
    let (_relay, base) = start(limits).await;
    let (mut a, _, _) = connect(&base, "/live/fast").await;
    let (mut b, _, _) = connect(&base, "/live/fast").await;
    for i in 0..8u8 {
        // The relay may already have closed the socket for the last sends.
        let _ = a.send(op(&[i])).await;
    }
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(next_op(&mut b).await.1[0]);
    }
    assert_eq!(seen, vec![0, 1, 2, 3, 4], "the burst is relayed in order");
    let (code, reason) = close_reason(&mut a).await;
    assert_eq!(code, 1008);
    assert_eq!(
        reason,
        "rate limit: more than 0.001 messages per second (burst 5)"
    );
    b.send(op(b"still here")).await.unwrap();
    assert_eq!(
        next_op(&mut b).await.1,
        b"still here".to_vec(),
        "the other client keeps its connection and its room"
    );
}

#[tokio::test]
async fn a_text_frame_or_an_unknown_envelope_is_refused_with_a_reason() {
    let (_relay, base) = start(Limits::default()).await;
    let cases: [(Message, u16, &str); 2] = [
        (Message::Text("{}".into()), 1003, "binary messages only"),
        (
            Message::Binary(vec![9, 1].into()),
            1003,
            "unknown message type 0x09: expected 0x01 (op) or 0x02 (presence)",
        ),
    ];
    for (message, code, reason) in cases {
        let (mut a, _, _) = connect(&base, "/live/odd").await;
        a.send(message).await.unwrap();
        assert_eq!(close_reason(&mut a).await, (code, reason.to_string()));
    }
}

#[test]
fn room_ids_are_short_url_safe_words() {
    let cases = [
        ("abc-DEF_123", true),
        ("", false),
        ("a/b", false),
        ("a b", false),
        ("é", false),
        (&"x".repeat(64), true),
        (&"x".repeat(65), false),
    ];
    for (id, ok) in cases {
        assert_eq!(server::valid_room(id), ok, "{id:?}");
    }
}
