//! The only place the app touches the outside world of the browser: localStorage, the URL
//! fragment, file downloads and uploads, the interview's fetched answer data and notes, the live session's WebSocket and WebCrypto.
//! Everything else is pure.

pub mod export;
pub mod files;
pub mod interview;
pub mod live;
pub mod share;
pub mod storage;
