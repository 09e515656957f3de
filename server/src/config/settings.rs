//! From the configuration to the rules the app runs by: every value checked, the
//! key named when one is out of range.

use std::collections::BTreeSet;

use chrono::Duration;

use super::{Config, ConfigError};
use crate::app::Settings;
use crate::domain::{BookingPolicy, QueueRules, Schedule, SlotCapacity, parse_date};

fn bounded(field: &str, value: u32, max: u32) -> Result<u32, ConfigError> {
    if value <= max { Ok(value) } else { Err(ConfigError::Invalid(format!("{field} must be at most {max}"))) }
}

impl Config {
    /// Checks every value and builds the rules the app runs by.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        Ok(Settings {
            schedule: self.schedule()?,
            policy: self.policy(),
            kiosk_lookups_per_minute: self.kiosk.lookups_per_minute,
            queue: self.queue_rules()?,
            watch_buffer: self.queue.watch_buffer.max(1),
            reminder_days: bounded("followup.reminder_days", self.followup.reminder_days, 366)?,
            lost_after_months: bounded("followup.lost_after_months", self.followup.lost_after_months, 120)?.max(1),
            default_maintenance_interval_days: bounded(
                "followup.default_maintenance_interval_days",
                self.followup.default_maintenance_interval_days,
                3650,
            )?,
            discount_limit_percent: u8::try_from(bounded(
                "workorder.discount_limit_percent",
                self.workorder.discount_limit_percent,
                100,
            )?)
            .unwrap_or(100),
            unfitted_after_days: bounded("workorder.unfitted_after_days", self.workorder.unfitted_after_days, 365)?,
            targets: self.targets()?,
        })
    }

    /// Opening hours, slots and closed dates in the store's zone.
    fn schedule(&self) -> Result<Schedule, ConfigError> {
        let (open, close) = (self.hours.open, self.hours.close);
        if open >= close {
            return Err(ConfigError::Invalid("hours.open must be before hours.close".into()));
        }
        if !(5..=240).contains(&self.hours.slot_minutes) {
            return Err(ConfigError::Invalid("hours.slot_minutes must be 5 to 240".into()));
        }
        let slot = Duration::minutes(i64::from(self.hours.slot_minutes));
        if open + slot > close {
            return Err(ConfigError::Invalid("one slot does not fit between hours.open and hours.close".into()));
        }
        let closed_dates = self
            .booking
            .closed_dates
            .iter()
            .map(|d| {
                parse_date(d)
                    .map_err(|_| ConfigError::Invalid(format!("booking.closed_dates: {d:?} is not YYYY-MM-DD")))
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        Ok(Schedule { zone: self.zone, open, close, slot, closed_dates })
    }

    /// When a booking is accepted, apart from seats.
    fn policy(&self) -> BookingPolicy {
        BookingPolicy {
            min_notice: Duration::minutes(i64::from(self.booking.min_notice_minutes)),
            horizon_days: self.booking.horizon_days,
            daily_cap: self.booking.daily_cap,
            capacity: SlotCapacity {
                per_service: self.booking.slot_capacity.clone(),
                default: self.booking.default_slot_capacity,
            },
        }
    }

    /// The queue's times, in minutes in the file.
    fn queue_rules(&self) -> Result<QueueRules, ConfigError> {
        let minutes = |m: u32| Duration::minutes(i64::from(m));
        let q = &self.queue;
        Ok(QueueRules {
            grace_early: minutes(q.grace_early_minutes),
            checkin_opens: minutes(bounded("queue.checkin_opens_minutes", q.checkin_opens_minutes, 720)?),
            clock_check: std::time::Duration::from_secs(u64::from(
                bounded("queue.clock_check_seconds", q.clock_check_seconds, 3600)?.max(1),
            )),
            grace_late: minutes(q.grace_late_minutes),
            ageing: minutes(q.ageing_minutes),
            hold: minutes(q.own_advisor_hold_minutes),
            max_recalls: q.max_recalls,
            default_reception: minutes(q.default_reception_minutes.max(1)),
        })
    }

    fn targets(&self) -> Result<crate::domain::report::Targets, ConfigError> {
        let r = &self.reports;
        let percent = |field: &str, value: f64| {
            if (0.0..=100.0).contains(&value) {
                Ok(crate::domain::report::basis_points(value))
            } else {
                Err(ConfigError::Invalid(format!("reports.{field} must be 0 to 100")))
            }
        };
        if r.repair_services.is_empty() {
            return Err(ConfigError::Invalid("reports.repair_services lists at least one service type".into()));
        }
        Ok(crate::domain::report::Targets {
            cars_per_day: r.cars_per_day,
            cars_per_month: r.cars_per_month,
            csi_bp: percent("csi_percent", r.csi_percent)?,
            repeat_repair_bp: percent("repeat_repair_percent", r.repeat_repair_percent)?,
            repeat_repair_days: r.repeat_repair_days.max(1),
            repair_services: r.repair_services.clone(),
            follow_ups_in_window_bp: percent("follow_ups_in_window_percent", r.follow_ups_in_window_percent)?,
            escalations_in_time_bp: percent("escalations_in_time_percent", r.escalations_in_time_percent)?,
            same_day_notice_bp: percent("same_day_notice_percent", r.same_day_notice_percent)?,
            callback_note_bp: percent("callback_note_percent", r.callback_note_percent)?,
            base_customers: r.base_customers,
            repair_value: crate::domain::workorder::Fen(i64::from(r.repair_value_yuan) * 100),
            insurance_value: crate::domain::workorder::Fen(i64::from(r.insurance_repair_value_yuan) * 100),
            warranty_approval_bp: percent("warranty_approval_percent", r.warranty_approval_percent)?,
        })
    }
}
