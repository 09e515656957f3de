//! What the desk keeps, as it is loaded and shown: plain records whose fields are the
//! domain's types. `store/` reads and writes them; `app/` and `grpc/` pass them on, so
//! neither sees how they are stored.

mod advisor;
mod appointment;
mod call;
mod campaign;
mod escalation;
mod letter;
mod recall;
mod request;
mod service_type;
mod ticket;
mod vehicle;
mod visit;
mod work_order;

pub use advisor::Advisor;
pub use appointment::{Appointment, AppointmentFilter};
pub use call::Call;
pub use campaign::Campaign;
pub use escalation::Escalation;
pub use letter::Letter;
pub use recall::{RecallFlag, VehicleRecall};
pub use request::Fingerprint;
pub use service_type::ServiceType;
pub use ticket::Ticket;
pub use vehicle::Vehicle;
pub use visit::{StageChange, Visit, VisitFilter};
pub use work_order::{
    Approval, EstimateLine, EstimateVersion, InspectionSheet, PartOrder, Payment, SettlementRecord, WarrantyClaim,
    WorkOrder,
};
