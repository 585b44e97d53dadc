//! The small HTTP/1.1 server under `dossier serve`, on `std::net` alone.
//! It owns the connections and their limits: how large a request head may
//! be ([`MAX_HEAD`]), how long it may take to arrive ([`HEAD_TIMEOUT`]),
//! how many connections are served at once ([`MAX_CONNECTIONS`]), that a
//! request carries no body, and which `Host` a loopback server answers.
//! What a request that passes is answered with is the [`Handler`]'s
//! business.
//!
//! Every connection carries one request (answers say `Connection: close`)
//! and has a thread of its own while it is open. At the limit, the oldest
//! connection that has had [`GRACE`] is closed to make room, one still
//! sending its request head first, so idle or slow clients cannot keep
//! others out; until one has, new connections wait to be accepted.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::output::Bytes;

/// The most bytes of request line and headers taken in, blank line
/// included; more is answered 431.
pub const MAX_HEAD: usize = 64 * 1024;
/// How long a client has from connecting to sending its whole request
/// head; then the connection is dropped.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How many connections are open at once, reload channels not counted
/// (they are handed to the handler).
pub const MAX_CONNECTIONS: usize = 128;
/// How long a connection is safe from being closed to make room once its
/// thread has started reading (it is safe until then: on a busy machine
/// a request may wait a while for its thread to run). Under a flood of
/// idle connections, about [`MAX_CONNECTIONS`] are let in per grace.
const GRACE: Duration = Duration::from_millis(250);
/// How long writing one answer may take in all.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After a refusal, how much of what the client still sends is read and
/// dropped, and for how long, so that closing does not reset the
/// connection before the client has read the answer.
const LINGER_BYTES: usize = 1024 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(2);

/// The methods served; anything else is answered 405.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request that passed every check.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    /// The request target as sent: a path starting with `/`, with any
    /// query.
    pub target: String,
}

/// A complete answer; `Content-Length` and `Cache-Control: no-store` are
/// added.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Bytes,
    /// Sent instead of `body`, read a piece at a time: a large file
    /// never sits in memory whole.
    pub file: Option<std::fs::File>,
}

impl Response {
    /// A short plain-text answer, for refusals.
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: Arc::new(format!("{text}\n").into_bytes()),
            file: None,
        }
    }
}

/// What a handler answers.
pub enum Reply {
    Response(Response),
    /// The handler keeps the connection ([`Handler::stream`]): an event
    /// stream, open for as long as its page.
    Stream,
}

/// Answers requests that passed every check.
pub trait Handler: Send + Sync + 'static {
    fn reply(&self, request: &Request) -> Reply;
    /// Takes over the connection of a request answered [`Reply::Stream`];
    /// writing the answer's head is the handler's job. It no longer counts
    /// against [`MAX_CONNECTIONS`] once this returns.
    fn stream(&self, request: &Request, stream: TcpStream);
}

/// A bound listener, ready to serve.
pub struct Server {
    listener: TcpListener,
    /// Bound to a loopback address: only loopback `Host`s are answered.
    loopback: bool,
}

impl Server {
    pub fn bind(address: &str, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((address, port))?;
        let loopback = is_loopback(listener.local_addr()?.ip());
        Ok(Server { listener, loopback })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections and serves each on a thread of its own, never
    /// more than [`MAX_CONNECTIONS`] at once; returns only if the listener
    /// fails for good.
    pub fn run<H: Handler>(self, handler: Arc<H>) {
        let connections = Arc::new(Connections::default());
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file descriptors, say: wait for some to close
                // rather than spin.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let accepted = Instant::now();
            let Some(slot) = Connections::admit(&connections, &stream) else {
                continue;
            };
            let handler = handler.clone();
            let loopback = self.loopback;
            // If no thread can be made, the closure is dropped with the
            // stream and its slot: the connection closes.
            let _ = std::thread::Builder::new()
                .name("dossier-http".into())
                .spawn(move || serve(stream, accepted, &slot, &*handler, loopback));
        }
    }
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Where a connection is, for choosing which to close at the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Its thread has not started yet.
    Waiting,
    /// Its request head has not all come: the first to go.
    Reading,
    /// Being answered.
    Answering,
    /// Answered; only what the client still sends is being dropped.
    Lingering,
}

struct Entry {
    /// A handle to close the connection from the accept loop.
    stream: TcpStream,
    stage: Stage,
    /// When its thread started reading.
    started: Option<Instant>,
    closing: bool,
}

/// The open connections, oldest first (ids only grow).
#[derive(Default)]
struct Connections {
    table: Mutex<Table>,
    freed: Condvar,
}

#[derive(Default)]
struct Table {
    next: u64,
    open: BTreeMap<u64, Entry>,
}

impl Connections {
    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes room for `stream` if need be, by closing the oldest
    /// connection, and records it; `None` if it cannot be recorded.
    fn admit(connections: &Arc<Connections>, stream: &TcpStream) -> Option<Slot> {
        let handle = stream.try_clone().ok()?;
        let mut table = connections.lock();
        while table.open.len() >= MAX_CONNECTIONS {
            if !table.open.values().any(|e| e.closing) {
                table.close_oldest(Instant::now());
            }
            // A closed connection's thread frees its slot as soon as its
            // read or write fails, which closing makes it do at once; else
            // a connection ends, or one comes past its grace.
            table = connections
                .freed
                .wait_timeout(table, Duration::from_millis(50))
                .map_or_else(|p| p.into_inner().0, |(t, _)| t);
        }
        let id = table.next;
        table.next += 1;
        table.open.insert(
            id,
            Entry {
                stream: handle,
                stage: Stage::Waiting,
                started: None,
                closing: false,
            },
        );
        Some(Slot {
            connections: connections.clone(),
            id,
        })
    }
}

impl Table {
    /// Closes the oldest connection done with its request, or still
    /// sending it past its grace, else the oldest past its grace; none
    /// if every connection is within its grace.
    fn close_oldest(&mut self, now: Instant) {
        let past_grace = |e: &Entry| {
            e.started
                .is_some_and(|at| now.saturating_duration_since(at) >= GRACE)
        };
        let victim = self
            .open
            .iter()
            .find(|(_, e)| {
                e.stage == Stage::Lingering || (e.stage == Stage::Reading && past_grace(e))
            })
            .or_else(|| self.open.iter().find(|(_, e)| past_grace(e)))
            .map(|(id, _)| *id);
        if let Some(entry) = victim.and_then(|id| self.open.get_mut(&id)) {
            entry.closing = true;
            let _ = entry.stream.shutdown(Shutdown::Both);
        }
    }
}

/// A connection's place in [`Connections`], given up when dropped.
struct Slot {
    connections: Arc<Connections>,
    id: u64,
}

impl Slot {
    fn enter(&self, stage: Stage) {
        if let Some(entry) = self.connections.lock().open.get_mut(&self.id) {
            entry.stage = stage;
            if stage == Stage::Reading {
                entry.started = Some(Instant::now());
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.lock().open.remove(&self.id);
        self.connections.freed.notify_all();
    }
}

/// Serves the one request of a connection.
fn serve(
    mut stream: TcpStream,
    accepted: Instant,
    slot: &Slot,
    handler: &dyn Handler,
    loopback: bool,
) {
    // Answers go out in two writes (head, body): without this the body's
    // last segment could wait for the client's delayed acknowledgement.
    let _ = stream.set_nodelay(true);
    slot.enter(Stage::Reading);
    let head = match read_head(&mut stream, accepted + HEAD_TIMEOUT) {
        Ok(head) => head,
        Err(HeadError::TooLarge) => {
            slot.enter(Stage::Answering);
            let response =
                Response::text(431, "the request line and headers are larger than 64 KiB");
            return refuse(stream, slot, &response);
        }
        // Closed, timed out or broken: there is no one to answer.
        Err(HeadError::Gone) => return,
    };
    slot.enter(Stage::Answering);
    let request = match check(&head, loopback) {
        Ok(request) => request,
        Err(response) => return refuse(stream, slot, &response),
    };
    match handler.reply(&request) {
        Reply::Response(response) => {
            let deadline = Instant::now() + WRITE_TIMEOUT;
            let _ = write_response(&mut stream, &response, request.method, deadline);
        }
        Reply::Stream => {
            let _ = stream.set_read_timeout(None);
            let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
            handler.stream(&request, stream);
        }
    }
}

/// Answers a request that is not served, then drops what the client may
/// still be sending (a long header, a body) for a moment before closing,
/// so that the close does not reset the connection under the answer.
fn refuse(mut stream: TcpStream, slot: &Slot, response: &Response) {
    let deadline = Instant::now() + WRITE_TIMEOUT;
    if write_response(&mut stream, response, Method::Get, deadline).is_err() {
        return;
    }
    slot.enter(Stage::Lingering);
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut buffer = [0; 8192];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        let Some(left) = remaining(deadline) else {
            return;
        };
        if stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => dropped += n,
        }
    }
}

fn remaining(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|left| !left.is_zero())
}

enum HeadError {
    TooLarge,
    Gone,
}

/// Reads the request line and headers, up to and including the blank
/// line, within [`MAX_HEAD`] bytes and by `deadline` (in all, however the
/// bytes trickle in). What follows the blank line is left unread or
/// dropped: no body is taken in.
fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(2048);
    let mut buffer = [0; 8192];
    loop {
        let left = remaining(deadline).ok_or(HeadError::Gone)?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Gone)?;
        // One byte over the limit tells a head that is too large.
        let room = (MAX_HEAD + 1 - head.len()).min(buffer.len());
        let n = match stream.read(&mut buffer[..room]) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => n,
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = end_of_head(&head[from..]) {
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// Where the blank line ending a head ends in `bytes`; bare `\n` line
/// ends are taken too.
fn end_of_head(bytes: &[u8]) -> Option<usize> {
    let crlf = memchr::memmem::find(bytes, b"\n\r\n").map(|at| at + 3);
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|at| at + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The request in `head` if it is served, else the answer refusing it.
fn check(head: &[u8], loopback: bool) -> Result<Request, Response> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let (method, target, http11) = request_line(lines.next().unwrap_or(""))?;
    let headers = header_fields(lines.take_while(|l| !l.is_empty()))?;
    check_host(&headers, http11, loopback)?;
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => {
            let mut response = Response::text(405, "only GET and HEAD are served");
            response.headers.push(("Allow", "GET, HEAD"));
            return Err(response);
        }
    };
    check_no_body(&headers)?;
    Ok(Request {
        method,
        target: target.to_string(),
    })
}

fn bad_request(why: &str) -> Response {
    Response::text(400, why)
}

/// The method, the target and whether the version is HTTP/1.1.
fn request_line(line: &str) -> Result<(&str, &str, bool), Response> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_request("the request line is not METHOD PATH HTTP/1.1"));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad_request("the request line is not METHOD PATH HTTP/1.1"));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => {
            return Err(Response::text(505, "only HTTP/1.0 and HTTP/1.1 are served"));
        }
        _ => return Err(bad_request("the request line is not METHOD PATH HTTP/1.1")),
    };
    // Only paths: a full URL would name a host that the Host check below
    // does not see, and this is no proxy.
    if !target.starts_with('/') {
        return Err(bad_request(
            "the request target must be a path starting with /",
        ));
    }
    Ok((method, target, http11))
}

/// The header fields as (lower-case name, value).
fn header_fields<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> Result<Vec<(String, &'a str)>, Response> {
    lines
        .map(|line| {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| bad_request("a header line has no colon"))?;
            // A name with spaces or a folded line is refused, as RFC 9112
            // asks: servers that disagree on it can be fooled.
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad_request("a header name is not a single word"));
            }
            Ok((name.to_ascii_lowercase(), value.trim_matches([' ', '\t'])))
        })
        .collect()
}

fn values<'a>(headers: &'a [(String, &'a str)], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |(n, _)| n == name)
        .map(|(_, v)| *v)
}

/// HTTP/1.1 needs one `Host`; a loopback server answers only loopback
/// names, so that a web page whose own name was made to point at this
/// machine (DNS rebinding) cannot read the preview.
fn check_host(headers: &[(String, &str)], http11: bool, loopback: bool) -> Result<(), Response> {
    let hosts: Vec<&str> = values(headers, "host").collect();
    let host = match hosts.as_slice() {
        [] if http11 => return Err(bad_request("an HTTP/1.1 request needs a Host header")),
        [] => return Ok(()),
        [host] => *host,
        _ => return Err(bad_request("a request has one Host header")),
    };
    if !loopback || loopback_host(host) {
        return Ok(());
    }
    Err(Response::text(
        403,
        "dossier serve listens on a loopback address, so it answers only requests \
         for localhost, 127.0.0.1 or [::1]. To share the preview with other machines, \
         start it with --bind 0.0.0.0 or --bind with this machine's LAN address.",
    ))
}

/// `localhost`, a 127.x.y.z address or `[::1]`, with or without a port.
fn loopback_host(host: &str) -> bool {
    if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, port)) = rest.split_once(']') else {
            return false;
        };
        let port = match port.strip_prefix(':') {
            Some(digits) => Some(digits),
            None if port.is_empty() => None,
            None => return false,
        };
        return inside.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback()) && valid_port(port);
    }
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    (name.eq_ignore_ascii_case("localhost")
        || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback()))
        && valid_port(port)
}

/// No port, or digits (an empty port is allowed, as in `localhost:`).
fn valid_port(port: Option<&str>) -> bool {
    port.is_none_or(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The pages served are read, not written to: a request with a body, or
/// announcing one, is refused before any of it is read.
fn check_no_body(headers: &[(String, &str)]) -> Result<(), Response> {
    let too_large = || Response::text(413, "requests with a body are not served");
    if values(headers, "transfer-encoding").next().is_some() {
        return Err(too_large());
    }
    for length in values(headers, "content-length") {
        match length.parse::<u64>() {
            Ok(0) => {}
            Ok(_) => return Err(too_large()),
            Err(_) => return Err(bad_request("Content-Length is not a number")),
        }
    }
    Ok(())
}

/// Writes `response` (only its head for HEAD), all by `deadline`.
fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    method: Method,
    deadline: Instant,
) -> io::Result<()> {
    let length = match &response.file {
        Some(file) => file.metadata()?.len(),
        None => response.body.len() as u64,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        length
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    write_by(stream, head.as_bytes(), deadline)?;
    match (&response.file, method) {
        (_, Method::Head) => {}
        (Some(file), Method::Get) => write_file(stream, file, length, deadline)?,
        (None, Method::Get) => write_by(stream, &response.body, deadline)?,
    }
    stream.flush()
}

/// Writes `length` bytes of `file` a piece at a time, all by `deadline`.
fn write_file(
    stream: &mut TcpStream,
    mut file: &std::fs::File,
    length: u64,
    deadline: Instant,
) -> io::Result<()> {
    let mut buffer = vec![0; 64 * 1024];
    let mut left = length;
    while left > 0 {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            // Shorter than when it was measured: the answer is cut.
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let n = n.min(usize::try_from(left).unwrap_or(usize::MAX));
        write_by(stream, &buffer[..n], deadline)?;
        left -= n as u64;
    }
    Ok(())
}

/// Writes all of `bytes` by `deadline`, however slowly the client reads.
fn write_by(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> io::Result<()> {
    for chunk in bytes.chunks(64 * 1024) {
        let left = remaining(deadline).ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut))?;
        stream.set_write_timeout(Some(left))?;
        stream.write_all(chunk)?;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(head: &str, loopback: bool) -> Result<Request, u16> {
        check(head.as_bytes(), loopback).map_err(|r| r.status)
    }

    #[test]
    fn loopback_names_with_any_port_or_none() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "localhost:",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.255.0.9:1",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:8",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "127.0.0.1:80:80",
            "127.0.0.1:x",
            "128.0.0.1",
            "0.0.0.0",
            "[::2]",
            "[::1]x",
            "[::1",
            "::1",
            "localhost:1111@evil.example",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }

    #[test]
    fn only_a_loopback_server_checks_the_host() {
        let evil = "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n";
        assert_eq!(checked(evil, true).map(|_| ()), Err(403));
        assert!(checked(evil, false).is_ok());
        assert!(is_loopback(IpAddr::V4(Ipv4Addr::new(127, 3, 2, 1))));
        assert!(is_loopback(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(is_loopback(IpAddr::V6(
            Ipv4Addr::LOCALHOST.to_ipv6_mapped()
        )));
        assert!(!is_loopback(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        assert!(!is_loopback(IpAddr::V4(Ipv4Addr::new(192, 168, 1, 2))));
    }

    #[test]
    fn malformed_requests_are_refused() {
        for (head, status) in [
            ("GET /\r\n\r\n", 400),
            ("GET / HTTP/1.1 x\r\nHost: localhost\r\n\r\n", 400),
            ("get / HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
            (
                "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
                400,
            ),
            ("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\nHost localhost\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : localhost\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\n",
                413,
            ),
            ("POST / HTTP/1.1\r\nHost: localhost\r\n\r\n", 405),
        ] {
            assert_eq!(checked(head, true).map(|_| ()), Err(status), "{head:?}");
        }
    }

    #[test]
    fn a_served_request_keeps_its_target() {
        let request = checked(
            "HEAD /a/b?v=1 HTTP/1.1\nhost: localhost:1\ncontent-length: 0\n\n",
            true,
        );
        let request = request.unwrap_or_else(|status| panic!("refused with {status}"));
        assert_eq!(request.method, Method::Head);
        assert_eq!(request.target, "/a/b?v=1");
    }

    /// A table of connections (to a loopback listener) in these stages,
    /// oldest first, started this long before `now`.
    fn table(now: Instant, entries: &[(Stage, Option<u64>)]) -> Table {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let mut table = Table::default();
        for (stage, ago) in entries {
            let entry = Entry {
                stream: TcpStream::connect(address).unwrap(),
                stage: *stage,
                started: ago.map(|ms| now - Duration::from_millis(ms)),
                closing: false,
            };
            table.open.insert(table.next, entry);
            table.next += 1;
        }
        table
    }

    fn closed(table: &Table) -> Vec<u64> {
        table
            .open
            .iter()
            .filter(|(_, e)| e.closing)
            .map(|(id, _)| *id)
            .collect()
    }

    #[test]
    fn at_the_limit_the_oldest_idle_connection_past_its_grace_is_closed() {
        let now = Instant::now() + Duration::from_secs(10);
        let mut busy = table(
            now,
            &[
                (Stage::Answering, Some(5000)),
                (Stage::Waiting, None),
                (Stage::Reading, Some(100)),
                (Stage::Reading, Some(3000)),
                (Stage::Reading, Some(2000)),
            ],
        );
        busy.close_oldest(now);
        assert_eq!(closed(&busy), [3]);
        let mut answered = table(
            now,
            &[(Stage::Reading, Some(3000)), (Stage::Lingering, Some(10))],
        );
        answered.close_oldest(now);
        assert_eq!(closed(&answered), [0]);
        let mut answering = table(
            now,
            &[(Stage::Reading, Some(10)), (Stage::Answering, Some(3000))],
        );
        answering.close_oldest(now);
        assert_eq!(closed(&answering), [1]);
        let mut fresh = table(now, &[(Stage::Waiting, None), (Stage::Reading, Some(10))]);
        fresh.close_oldest(now);
        assert_eq!(closed(&fresh), [] as [u64; 0]);
    }

    #[test]
    fn the_head_ends_at_the_first_blank_line() {
        assert_eq!(end_of_head(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody"), Some(24));
        assert_eq!(end_of_head(b"GET / HTTP/1.0\n\nbody"), Some(16));
        assert_eq!(end_of_head(b"GET / HTTP/1.1\r\nA: b\r\n"), None);
    }
}
