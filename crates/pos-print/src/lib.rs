//! Printing: the receipt as a document, its ESC/POS bytes for 58 and 80 mm printers, a decoder of
//! those bytes (what tests read back), and the transports that carry bytes to a printer (network
//! port 9100, a file or device node, memory). Must not depend on the database or the UI.

pub mod document;
pub mod escpos;
pub mod label;
pub mod pdf;
pub mod purchase;
pub mod receipt;
pub mod table;
pub mod transport;

pub use receipt::{PaperWidth, Receipt, ReceiptLine};
pub use transport::{PrintError, PrinterConfig, Transport, usb_ids};
