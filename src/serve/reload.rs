//! The live-reload channel of `dossier serve`: the served site's version
//! number, and the event streams (`/__dossier/events`) of open pages,
//! each told `reload` once the version moves past the one its page shows.
//!
//! One thread serves every stream, so an open page costs a socket, not a
//! thread. At most [`MAX_STREAMS`] are kept, the oldest closed first when
//! more come: a closed page's browser opens its stream again, and page
//! requests are never kept waiting by streams (they have their own count,
//! apart from the server's connections).

use std::collections::VecDeque;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// How many event streams are kept open at once.
pub const MAX_STREAMS: usize = 64;
/// How often an idle stream gets a comment, which notices closed pages.
const PING: Duration = Duration::from_secs(10);
/// The answer's head, and how soon a dropped stream is opened again.
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 300\n\n";

/// The site's version and the streams waiting for it to change.
pub struct Reload {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    version: u64,
    /// Oldest first.
    streams: VecDeque<Stream>,
}

/// An open page's stream, and the version the page shows.
struct Stream {
    stream: TcpStream,
    seen: u64,
}

impl Default for Reload {
    fn default() -> Self {
        Reload {
            state: Mutex::new(State {
                version: 0,
                streams: VecDeque::new(),
            }),
            changed: Condvar::new(),
        }
    }
}

impl Reload {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves to the next version: `publish` gets its number and makes the
    /// new site current before any stream can be told of it.
    pub fn advance(&self, publish: impl FnOnce(u64)) {
        let mut state = self.lock();
        state.version += 1;
        publish(state.version);
        self.changed.notify_all();
    }

    /// Answers a page showing version `seen` with an event stream: told
    /// `reload` at once if the site has moved on, else kept until it does.
    pub fn open(&self, mut stream: TcpStream, seen: u64) {
        if stream.write_all(HEAD.as_bytes()).is_err() {
            return;
        }
        // Every message is a few bytes; a page whose socket cannot take
        // them at once is not reading and is dropped rather than waited on.
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        let mut state = self.lock();
        let stream = Stream { stream, seen };
        if state.version != seen {
            let version = state.version;
            drop(state);
            stream.tell(version);
            return;
        }
        if state.streams.len() >= MAX_STREAMS {
            state.streams.pop_front();
        }
        state.streams.push_back(stream);
    }

    /// Tells the streams of every change, and pings them when nothing
    /// changes; never returns.
    pub fn run(&self) {
        let mut told = self.lock().version;
        loop {
            let (version, streams) = {
                let state = self.lock();
                let mut state = self
                    .changed
                    .wait_timeout_while(state, PING, |s| s.version == told)
                    .map_or_else(|p| p.into_inner().0, |(s, _)| s);
                (state.version, std::mem::take(&mut state.streams))
            };
            // Written with the lock released: streams opened meanwhile
            // queue behind these, and are told on the next round.
            let kept: VecDeque<Stream> = streams
                .into_iter()
                .filter_map(|stream| stream.tell(version))
                .collect();
            told = version;
            let mut state = self.lock();
            let newer = std::mem::replace(&mut state.streams, kept);
            state.streams.extend(newer);
            while state.streams.len() > MAX_STREAMS {
                state.streams.pop_front();
            }
        }
    }
}

impl Stream {
    /// Sends `reload` if the page is older than `version` and closes the
    /// stream, else a ping; the stream if it stays open.
    fn tell(mut self, version: u64) -> Option<Stream> {
        if self.seen != version {
            let message = format!("event: reload\ndata: {version}\n\n");
            let _ = self.stream.write_all(message.as_bytes());
            return None;
        }
        self.stream.write_all(b": ping\n\n").ok().map(|()| self)
    }
}
