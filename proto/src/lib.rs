//! The `frontdesk.v1` gRPC API.
//!
//! This crate owns the protos: `build.rs` compiles them without a system `protoc`,
//! [`v1`] holds the generated messages, clients and servers, [`FILE_DESCRIPTOR_SET`]
//! feeds gRPC reflection, [`client`] builds authenticated clients, and
//! [`ErrorReason::code`] / [`reason_of`] turn the stable error reasons to and from
//! their wire form.

pub mod client;

/// Generated code for the `frontdesk.v1` package.
#[allow(clippy::all, clippy::pedantic, unused_qualifications, rustdoc::bare_urls, rustdoc::invalid_html_tags)]
pub mod v1 {
    tonic::include_proto!("frontdesk.v1");
}

use tonic_types::StatusExt;
pub use v1::ErrorReason;

/// The encoded `FileDescriptorSet` of every `frontdesk.v1` file and its imports,
/// for gRPC server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/frontdesk_descriptor.bin"));

/// The `google.rpc.ErrorInfo.domain` of every error this API returns.
pub const ERROR_DOMAIN: &str = "frontdesk.v1";

const REASON_PREFIX: &str = "ERROR_REASON_";

impl ErrorReason {
    /// The reason as it travels in `ErrorInfo.reason`: the enum value name without
    /// its `ERROR_REASON_` prefix, for example `SLOT_FULL`.
    pub fn code(self) -> &'static str {
        let name = self.as_str_name();
        name.strip_prefix(REASON_PREFIX).unwrap_or(name)
    }

    /// Parses a wire reason such as `SLOT_FULL`; `None` for reasons this build
    /// does not know (a newer server), which callers treat as a generic failure.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::from_str_name(&format!("{REASON_PREFIX}{code}")).filter(|reason| *reason != Self::Unspecified)
    }
}

/// The stable reason of a failed call, read from its `ErrorInfo` detail.
pub fn reason_of(status: &tonic::Status) -> Option<ErrorReason> {
    let info = status.get_details_error_info()?;
    if info.domain != ERROR_DOMAIN {
        return None;
    }
    ErrorReason::from_code(&info.reason)
}

/// The fields named by the `BadRequest` detail of an INVALID_ARGUMENT status.
pub fn bad_fields(status: &tonic::Status) -> Vec<String> {
    status
        .get_details_bad_request()
        .map(|bad| bad.field_violations.into_iter().map(|v| v.field).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_drop_the_enum_prefix_and_round_trip() {
        assert_eq!(ErrorReason::SlotFull.code(), "SLOT_FULL");
        assert_eq!(ErrorReason::from_code("SLOT_FULL"), Some(ErrorReason::SlotFull));
        assert_eq!(ErrorReason::from_code("UNSPECIFIED"), None);
        assert_eq!(ErrorReason::from_code("NO_SUCH_REASON"), None);
    }

    #[test]
    fn descriptor_set_carries_every_service_for_reflection() {
        use prost::Message;
        let set = prost_types::FileDescriptorSet::decode(FILE_DESCRIPTOR_SET).expect("decodes");
        let services: Vec<_> = set.file.iter().flat_map(|f| f.service.iter().map(|s| s.name().to_owned())).collect();
        for name in ["KioskService", "AppointmentService", "CustomerService", "AdminService"] {
            assert!(services.iter().any(|s| s == name), "{name} missing");
        }
        assert!(
            set.file.iter().any(|f| f.name() == "google/protobuf/timestamp.proto"),
            "imports must be included so reflection clients can resolve Timestamp"
        );
    }
}
