//! A create request as the server fingerprints it for idempotency.

use crate::RequestId;

/// A create request as the server fingerprints it: the method and a hash of the
/// request body without its `request_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The key the client chose.
    pub request_id: RequestId,
    /// The full gRPC method, for example `/frontdesk.v1.KioskService/BookAppointment`.
    pub method: String,
    /// The SHA-256 of the encoded request with `request_id` cleared.
    pub body_hash: String,
}
