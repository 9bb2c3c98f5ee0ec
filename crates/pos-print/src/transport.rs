//! Getting bytes to a printer. A network printer on port 9100 is asked for its paper status first
//! (DLE EOT 4), so "out of paper" is reported rather than lost; a file or device node (e.g.
//! /dev/usb/lp0) takes the bytes as they are; a USB printer is driven directly through the
//! `escpos` crate's native USB driver (nusb: no libusb, no print spooler, the same on Windows,
//! macOS and Linux). Our own bytes go through every transport; `escpos` only carries them. A fault never touches the sale: the caller has
//! already committed it and can reprint.

use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PrintError {
    #[error("no printer is set up")]
    NotConfigured,
    #[error("the printer cannot be reached: {0}")]
    Unreachable(String),
    #[error("the printer is out of paper")]
    OutOfPaper,
    #[error("writing to the printer failed: {0}")]
    Io(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transport {
    #[default]
    None,
    /// A network printer, "host:port" (port 9100 by default).
    Network { address: String },
    /// A file or device node (a USB printer through the kernel's usblp: /dev/usb/lp0).
    File { path: String },
    /// A serial printer (/dev/ttyUSB0, COM3) at the given speed, 8N1.
    Serial { path: String, baud: u32 },
    /// A USB printer by its vendor and product id, "04b8:0202" as lsusb or the Device Manager
    /// shows them.
    Usb { device: String },
}

/// The vendor and product id of a USB printer written "04b8:0202" (hexadecimal).
pub fn usb_ids(device: &str) -> Result<(u16, u16), PrintError> {
    let bad = || PrintError::Unreachable(format!("not a USB vendor:product id: {device:?}"));
    let (v, p) = device.trim().split_once(':').ok_or_else(bad)?;
    let hex = |s: &str| {
        (!s.is_empty() && s.len() <= 4)
            .then(|| u16::from_str_radix(s, 16).ok())
            .flatten()
    };
    Ok((hex(v).ok_or_else(bad)?, hex(p).ok_or_else(bad)?))
}

#[cfg(not(feature = "devices"))]
fn send_usb(device: &str, _bytes: &[u8]) -> Result<(), PrintError> {
    Err(PrintError::Unreachable(format!(
        "USB {device}: this build has no printer devices"
    )))
}

#[cfg(not(feature = "devices"))]
fn send_serial(path: &str, _baud: u32, _bytes: &[u8]) -> Result<(), PrintError> {
    Err(PrintError::Unreachable(format!(
        "{path}: this build has no printer devices"
    )))
}

#[cfg(feature = "devices")]
fn send_serial(path: &str, baud: u32, bytes: &[u8]) -> Result<(), PrintError> {
    let mut port = serialport::new(path, baud)
        .timeout(TIMEOUT)
        .open()
        .map_err(|e| PrintError::Unreachable(e.to_string()))?;
    port.write_all(bytes)
        .and_then(|_| port.flush())
        .map_err(|e| PrintError::Io(e.to_string()))
}

#[cfg(feature = "devices")]
fn send_usb(device: &str, bytes: &[u8]) -> Result<(), PrintError> {
    use escpos::driver::Driver;
    let (vendor, product) = usb_ids(device)?;
    let driver = escpos::driver::NativeUsbDriver::open(vendor, product)
        .map_err(|e| PrintError::Unreachable(format!("USB {device}: {e}")))?;
    driver
        .write(bytes)
        .and_then(|_| driver.flush())
        .map_err(|e| PrintError::Io(e.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct PrinterConfig {
    pub transport: Transport,
    pub paper: crate::PaperWidth,
    /// A cash drawer hangs off the printer and opens on cash sales.
    pub drawer: bool,
}

/// Where bytes go. Implemented by the real transports and by [`Capture`] in tests.
pub trait Sink: Send + Sync {
    fn send(&self, bytes: &[u8]) -> Result<(), PrintError>;
}

const TIMEOUT: Duration = Duration::from_secs(3);

impl Sink for Transport {
    fn send(&self, bytes: &[u8]) -> Result<(), PrintError> {
        match self {
            Transport::None => Err(PrintError::NotConfigured),
            Transport::Network { address } => send_tcp(address, bytes),
            Transport::File { path } => {
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(PathBuf::from(path))
                    .map_err(|e| PrintError::Unreachable(e.to_string()))?;
                f.write_all(bytes)
                    .and_then(|_| f.flush())
                    .map_err(|e| PrintError::Io(e.to_string()))
            }
            Transport::Serial { path, baud } => send_serial(path, *baud, bytes),
            Transport::Usb { device } => send_usb(device, bytes),
        }
    }
}

impl Transport {
    /// For label printers (TSPL, ZPL): the bytes only, without the ESC/POS paper-status query
    /// (a label printer does not answer it, and waiting for it would cost every label 400 ms).
    pub fn send_label(&self, bytes: &[u8]) -> Result<(), PrintError> {
        match self {
            Transport::Network { address } => {
                let mut s = connect(address)?;
                s.write_all(bytes)
                    .and_then(|_| s.flush())
                    .map_err(|e| PrintError::Io(e.to_string()))
            }
            other => other.send(bytes),
        }
    }
}

/// A connection to a network printer (port 9100 unless given), with the write timeout set.
fn connect(address: &str) -> Result<TcpStream, PrintError> {
    let with_port = if address.contains(':') {
        address.to_string()
    } else {
        format!("{address}:9100")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| PrintError::Unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| PrintError::Unreachable(with_port.clone()))?;
    let s = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| PrintError::Unreachable(e.to_string()))?;
    s.set_write_timeout(Some(TIMEOUT))
        .map_err(|e| PrintError::Io(e.to_string()))?;
    Ok(s)
}

fn send_tcp(address: &str, bytes: &[u8]) -> Result<(), PrintError> {
    let mut s = connect(address)?;
    // Paper sensor status; printers that do not answer within the wait are assumed fine.
    s.set_read_timeout(Some(Duration::from_millis(400)))
        .map_err(|e| PrintError::Io(e.to_string()))?;
    s.write_all(&[0x10, 0x04, 0x04])
        .map_err(|e| PrintError::Io(e.to_string()))?;
    let mut status = [0u8; 1];
    if let Ok(1) = s.read(&mut status)
        && status[0] & 0x60 == 0x60
    {
        return Err(PrintError::OutOfPaper);
    }
    s.write_all(bytes)
        .and_then(|_| s.flush())
        .map_err(|e| PrintError::Io(e.to_string()))
}

/// A printer that keeps what it is sent, for tests.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    pub jobs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Sink for Capture {
    fn send(&self, bytes: &[u8]) -> Result<(), PrintError> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).push(bytes.to_vec());
        Ok(())
    }
}
