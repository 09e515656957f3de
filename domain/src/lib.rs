//! The rules of the front desk (`frontdesk-domain`): types that are valid by
//! construction and the decisions made on them. Nothing here touches the database or
//! the network, so the server, the staff client and the kiosk share it without
//! SQLite, tonic or axum.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod appointment;
pub mod codes;
pub mod error;
pub mod followup;
pub mod limits;
pub mod name;
pub mod paging;
pub mod phone;
pub mod plate;
pub mod queue;
pub mod reason;
pub mod recall;
pub mod records;
pub mod report;
pub mod role;
pub mod schedule;
pub mod staff;
pub mod ticket;
pub mod visit;
pub mod workorder;

pub use appointment::{AppointmentStatus, check_owner_phone};
pub use codes::{ConfirmationCode, ProvisionalNumber, RequestId, ServiceCode, parse_date, parse_vin};
pub use error::{Error, Invalid, Result, Violation, all_valid, both};
pub use name::{PersonName, free_text, mask_name, required_text};
pub use paging::Page;
pub use phone::{Phone, PhoneLast4, mask_phone};
pub use plate::Plate;
pub use queue::{AssignmentReason, OnFloor, QueueRules, Standing, Waiting};
pub use reason::ErrorReason;
pub use role::{Caller, Role};
pub use schedule::{BookingPolicy, Schedule, SlotCapacity, SlotTime};
pub use staff::{AdvisorStatus, CounterNumber, StaffKind};
pub use ticket::{TicketState, mask_plate, ticket_number};
pub use visit::{VisitStage, work_order_number};
