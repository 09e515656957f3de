//! One module per group of commands.

pub mod admin;
pub mod appointments;
pub mod claims;
pub mod customers;
pub mod followup;
pub mod letters;
pub mod parts;
pub mod queue;
pub mod recalls;
pub mod reports;
pub mod settlement;
pub mod visits;
pub mod work_order_view;
pub mod work_orders;
