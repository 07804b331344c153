//! The only place the app touches the outside world of the browser: localStorage, the URL
//! fragment, file downloads and uploads. Everything else is pure.

pub mod export;
pub mod files;
pub mod share;
pub mod storage;
