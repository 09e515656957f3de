//! The queue's rules: who stands where, which ticket an advisor gets next, and how
//! long a customer will wait. Pure functions over plain data; the store feeds them.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

mod checkin;
mod clock;
mod transfer;

pub use checkin::{check_arrival, check_in_window};
pub use clock::{ClockChange, clock_changes};
pub use transfer::{Transfer, raise_reason};

/// The tunable times of the queue.
#[derive(Debug, Clone)]
pub struct QueueRules {
    /// How early before their slot an appointment customer gets appointment priority.
    pub grace_early: Duration,
    /// How early before the store opens customers may check in.
    pub checkin_opens: Duration,
    /// How often the server looks whether the clock alone changed the queue.
    pub clock_check: std::time::Duration,
    /// How late after their slot an appointment customer may check in and keep it.
    pub grace_late: Duration,
    /// After this wait a ticket rises to the appointment standing, so nobody starves.
    pub ageing: Duration,
    /// How long a ticket waits for its own or requested advisor who is on duty.
    pub hold: Duration,
    /// Recalls before the next one makes a ticket a no-show.
    pub max_recalls: u32,
    /// The reception time assumed for a service with no history yet.
    pub default_reception: Duration,
}

impl QueueRules {
    /// An appointment customer who checks in more than `grace_late` after the slot
    /// queues as a walk-in (and keeps no claim on the advisor they asked for).
    pub fn checked_in_late(&self, slot_start: DateTime<Utc>, arrived: DateTime<Utc>) -> bool {
        arrived > slot_start + self.grace_late
    }
}

/// Why an advisor got a ticket; stored by its name (`SKILL_MATCH`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum AssignmentReason {
    /// Transferred to this advisor.
    Transferred,
    /// The appointment asked for this advisor.
    AppointmentPreferred,
    /// This advisor served the customer last.
    OwnAdvisor,
    /// A supervisor raised the ticket.
    Raised,
    /// An appointment within its grace window.
    Appointment,
    /// A walk-in past the ageing threshold.
    Aged,
    /// First in queue order among the advisor's services.
    SkillMatch,
}

impl AssignmentReason {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A ticket's standing in its service's queue; lower goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Raised by a supervisor.
    Raised,
    /// An appointment in its window, or a ticket past the ageing threshold.
    Priority,
    /// Everybody else.
    Normal,
}

/// A waiting ticket as the queue sees it.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// The ticket id.
    pub id: i64,
    /// Its service type.
    pub service: String,
    /// When the customer arrived.
    pub arrived_at: DateTime<Utc>,
    /// The slot of an appointment checked in within the grace window; `None` for walk-ins
    /// and late appointments.
    pub appointment_slot: Option<DateTime<Utc>>,
    /// Raised by a supervisor.
    pub raised: bool,
    /// Transferred to this advisor.
    pub transferred_to: Option<i64>,
    /// When it was transferred.
    pub transferred_at: Option<DateTime<Utc>>,
    /// The advisor the appointment asked for.
    pub preferred_advisor: Option<i64>,
    /// The advisor who served the customer last.
    pub own_advisor: Option<i64>,
}

/// An advisor as the queue sees it.
#[derive(Debug, Clone)]
pub struct OnFloor {
    /// On duty: available, serving or paused (not offline, not deactivated).
    pub on_duty: bool,
    /// Available or serving, so taking customers now.
    pub taking_customers: bool,
    /// Holding a ticket.
    pub serving: bool,
    /// The services the advisor is skilled for.
    pub skills: Vec<String>,
}

impl OnFloor {
    fn skilled(&self, service: &str) -> bool {
        self.skills.iter().any(|s| s == service)
    }
}

impl Waiting {
    /// When an appointment checked in in time has the appointments' priority: from
    /// `grace_early` before its slot. `None` for walk-ins and late appointments.
    pub fn priority_from(&self, rules: &QueueRules) -> Option<DateTime<Utc>> {
        self.appointment_slot.map(|slot| slot - rules.grace_early)
    }

    /// The ticket's standing at `now`, and the reason an advisor would get it for it.
    pub fn standing(&self, now: DateTime<Utc>, rules: &QueueRules) -> (Standing, AssignmentReason) {
        if self.raised {
            return (Standing::Raised, AssignmentReason::Raised);
        }
        if self.priority_from(rules).is_some_and(|from| now >= from) {
            return (Standing::Priority, AssignmentReason::Appointment);
        }
        if now - self.arrived_at >= rules.ageing {
            return (Standing::Priority, AssignmentReason::Aged);
        }
        (Standing::Normal, AssignmentReason::SkillMatch)
    }

    /// The sort key of queue order: standing, then arrival, then id.
    pub fn queue_key(&self, now: DateTime<Utc>, rules: &QueueRules) -> (Standing, DateTime<Utc>, i64) {
        (self.standing(now, rules).0, self.arrived_at, self.id)
    }

    /// The advisor a transfer still keeps the ticket for: one taking customers, or
    /// one paused for less than the hold time since the transfer. A transfer to an
    /// advisor off duty, or paused past the hold, keeps it for nobody: it is the
    /// queue's again.
    pub fn transfer_holds(&self, floor: &HashMap<i64, OnFloor>, now: DateTime<Utc>, rules: &QueueRules) -> Option<i64> {
        let to = self.transferred_to?;
        let since = self.transferred_at.unwrap_or(self.arrived_at);
        let adv = floor.get(&to)?;
        let keeps = adv.on_duty && (adv.taking_customers || now - since < rules.hold);
        keeps.then_some(to)
    }

    /// The advisor the ticket asked for, or who served the customer last, who it is
    /// held for while the hold lasts: one on duty and skilled for it.
    pub(crate) fn held_for(&self, floor: &HashMap<i64, OnFloor>) -> Option<i64> {
        let can_take = |a: &i64| floor.get(a).is_some_and(|adv| adv.on_duty && adv.skilled(&self.service));
        self.preferred_advisor.filter(can_take).or(self.own_advisor.filter(can_take))
    }

    /// True when the ticket is kept for an advisor other than `me`: transferred to an
    /// advisor who still holds it (see [`Waiting::transfer_holds`]), or asking for (or
    /// belonging to) an on-duty advisor skilled for it, within the hold time. An
    /// advisor who cannot receive the service holds nothing: the customer does not
    /// wait for them while skilled advisors stand idle.
    fn held_for_other(&self, me: i64, floor: &HashMap<i64, OnFloor>, now: DateTime<Utc>, rules: &QueueRules) -> bool {
        if self.transferred_to.is_some_and(|a| a != me) {
            return self.transfer_holds(floor, now, rules).is_some();
        }
        now - self.arrived_at < rules.hold && self.held_for(floor).is_some_and(|a| a != me)
    }
}

/// Chooses the next ticket for advisor `me`, in the order the issue fixes:
/// transferred to me; appointments that asked for me and my own customers (both in
/// a service I am skilled for); then the first ticket in queue order of a service I
/// am skilled for that is not held for another advisor.
pub fn choose_next(
    waiting: &[Waiting],
    me: i64,
    floor: &HashMap<i64, OnFloor>,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Option<(i64, AssignmentReason)> {
    let skilled = |w: &Waiting| floor.get(&me).is_some_and(|a| a.skilled(&w.service));
    let first = |pick: &dyn Fn(&Waiting) -> bool| {
        waiting.iter().filter(|w| pick(w)).min_by_key(|w| w.queue_key(now, rules)).map(|w| w.id)
    };
    if let Some(id) = first(&|w| w.transferred_to == Some(me)) {
        return Some((id, AssignmentReason::Transferred));
    }
    let free = |w: &Waiting| w.transfer_holds(floor, now, rules).is_none_or(|to| to == me);
    if let Some(id) = first(&|w| free(w) && w.preferred_advisor == Some(me) && skilled(w)) {
        return Some((id, AssignmentReason::AppointmentPreferred));
    }
    if let Some(id) = first(&|w| free(w) && w.own_advisor == Some(me) && skilled(w)) {
        return Some((id, AssignmentReason::OwnAdvisor));
    }
    let chosen = waiting
        .iter()
        .filter(|w| skilled(w) && !w.held_for_other(me, floor, now, rules))
        .min_by_key(|w| w.queue_key(now, rules))?;
    Some((chosen.id, chosen.standing(now, rules).1))
}

/// Positions in each service's queue (1 = next), by queue order.
pub fn positions(waiting: &[Waiting], now: DateTime<Utc>, rules: &QueueRules) -> HashMap<i64, u32> {
    let mut by_service: HashMap<&str, Vec<&Waiting>> = HashMap::new();
    for w in waiting {
        by_service.entry(w.service.as_str()).or_default().push(w);
    }
    let mut positions = HashMap::new();
    for queue in by_service.values_mut() {
        queue.sort_by_key(|w| w.queue_key(now, rules));
        for (i, w) in queue.iter().enumerate() {
            positions.insert(w.id, u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    positions
}

/// Estimated minutes until a ticket at `position` of `service` is called:
/// tickets ahead × average reception time ÷ advisors taking customers for the
/// service, plus half a reception when every one of them is busy. With nobody on
/// duty the estimate assumes one advisor.
pub fn estimate_wait(position: u32, service: &str, floor: &HashMap<i64, OnFloor>, average_reception: Duration) -> u32 {
    let staff: Vec<&OnFloor> = floor.values().filter(|a| a.taking_customers && a.skilled(service)).collect();
    let advisors = staff.len().max(1) as f64;
    let all_busy = staff.is_empty() || staff.iter().all(|a| a.serving);
    let minutes = average_reception.num_seconds() as f64 / 60.0;
    let ahead = f64::from(position.saturating_sub(1));
    let wait = ahead * minutes / advisors + if all_busy { minutes / 2.0 } else { 0.0 };
    wait.ceil() as u32
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn rules() -> QueueRules {
        QueueRules {
            grace_early: Duration::minutes(30),
            checkin_opens: Duration::minutes(30),
            clock_check: std::time::Duration::from_secs(5),
            grace_late: Duration::minutes(15),
            ageing: Duration::minutes(20),
            hold: Duration::minutes(10),
            max_recalls: 3,
            default_reception: Duration::minutes(15),
        }
    }

    pub(crate) fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2030-03-04T09:00:00+08:00").unwrap().with_timezone(&Utc)
    }

    pub(crate) fn walk_in(id: i64, service: &str, minutes_ago: i64) -> Waiting {
        Waiting {
            id,
            service: service.into(),
            arrived_at: t0() - Duration::minutes(minutes_ago),
            appointment_slot: None,
            raised: false,
            transferred_to: None,
            transferred_at: None,
            preferred_advisor: None,
            own_advisor: None,
        }
    }

    pub(crate) fn floor(entries: &[(i64, bool, &[&str])]) -> HashMap<i64, OnFloor> {
        entries
            .iter()
            .map(|(id, on_duty, skills)| {
                let adv = OnFloor {
                    on_duty: *on_duty,
                    taking_customers: *on_duty,
                    serving: false,
                    skills: skills.iter().map(|s| (*s).to_owned()).collect(),
                };
                (*id, adv)
            })
            .collect()
    }

    #[test]
    fn an_appointment_in_its_window_goes_before_earlier_walk_ins() {
        let mut appt = walk_in(2, "maintenance", 1);
        appt.appointment_slot = Some(t0() + Duration::minutes(20));
        let queue = [walk_in(1, "maintenance", 10), appt];
        let f = floor(&[(7, true, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), Some((2, AssignmentReason::Appointment)));
    }

    #[test]
    fn an_appointment_far_ahead_of_its_window_waits_like_a_walk_in() {
        let mut appt = walk_in(2, "maintenance", 1);
        appt.appointment_slot = Some(t0() + Duration::minutes(45));
        let queue = [walk_in(1, "maintenance", 10), appt];
        let f = floor(&[(7, true, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), Some((1, AssignmentReason::SkillMatch)));
    }

    #[test]
    fn a_walk_in_past_the_ageing_threshold_rises_to_the_appointments() {
        let mut appt = walk_in(2, "repair", 5);
        appt.appointment_slot = Some(t0());
        let queue = [walk_in(1, "repair", 21), appt];
        let f = floor(&[(7, true, &["repair"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), Some((1, AssignmentReason::Aged)));
    }

    #[test]
    fn raised_tickets_go_first_and_skills_filter() {
        let mut raised = walk_in(3, "repair", 0);
        raised.raised = true;
        let queue = [walk_in(1, "body_paint", 30), walk_in(2, "repair", 15), raised];
        let f = floor(&[(7, true, &["repair"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), Some((3, AssignmentReason::Raised)));
        let f = floor(&[(7, true, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), None);
    }

    #[test]
    fn transfers_then_preferred_then_own_advisor_come_before_the_queue() {
        let mut transferred = walk_in(4, "warranty", 0);
        transferred.transferred_to = Some(7);
        let mut preferred = walk_in(3, "maintenance", 0);
        preferred.preferred_advisor = Some(7);
        let mut own = walk_in(2, "maintenance", 0);
        own.own_advisor = Some(7);
        let mut raised = walk_in(1, "maintenance", 0);
        raised.raised = true;
        let f = floor(&[(7, true, &["maintenance"])]);
        let mut queue = vec![raised, own, preferred, transferred];
        for expected in [
            (4, AssignmentReason::Transferred),
            (3, AssignmentReason::AppointmentPreferred),
            (2, AssignmentReason::OwnAdvisor),
            (1, AssignmentReason::Raised),
        ] {
            assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), Some(expected));
            queue.retain(|w| w.id != expected.0);
        }
    }

    #[test]
    fn a_customer_waits_for_their_own_advisor_on_duty_until_the_hold_runs_out() {
        let mut own = walk_in(1, "maintenance", 5);
        own.own_advisor = Some(8);
        let queue = [own];
        let f = floor(&[(7, true, &["maintenance"]), (8, true, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &f, t0(), &rules()), None, "held for advisor 8");
        let later = t0() + Duration::minutes(5);
        assert_eq!(choose_next(&queue, 7, &f, later, &rules()), Some((1, AssignmentReason::SkillMatch)));
        let off = floor(&[(7, true, &["maintenance"]), (8, false, &["maintenance"])]);
        assert_eq!(
            choose_next(&queue, 7, &off, t0(), &rules()).map(|c| c.0),
            Some(1),
            "not held for an advisor off duty"
        );
    }

    #[test]
    fn a_preferred_advisor_without_the_skill_holds_nothing() {
        let mut asked = walk_in(1, "maintenance", 1);
        asked.preferred_advisor = Some(8);
        let queue = [asked];
        let f = floor(&[(7, true, &["maintenance"]), (8, true, &["body_paint"])]);
        assert_eq!(
            choose_next(&queue, 7, &f, t0(), &rules()),
            Some((1, AssignmentReason::SkillMatch)),
            "not held for an advisor who cannot receive maintenance"
        );
        assert_eq!(choose_next(&queue, 8, &f, t0(), &rules()), None, "nor called by them");
    }

    #[test]
    fn a_transfer_is_kept_for_its_advisor_while_on_duty() {
        let mut moved = walk_in(1, "maintenance", 60);
        moved.transferred_to = Some(8);
        let queue = [moved];
        let on = floor(&[(7, true, &["maintenance"]), (8, true, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &on, t0(), &rules()), None);
        let off = floor(&[(7, true, &["maintenance"]), (8, false, &["maintenance"])]);
        assert_eq!(choose_next(&queue, 7, &off, t0(), &rules()).map(|c| c.0), Some(1));
    }

    #[test]
    fn positions_follow_queue_order_per_service() {
        let mut appt = walk_in(3, "repair", 1);
        appt.appointment_slot = Some(t0());
        let queue = [walk_in(1, "repair", 10), walk_in(2, "maintenance", 5), appt];
        let p = positions(&queue, t0(), &rules());
        assert_eq!((p[&3], p[&1], p[&2]), (1, 2, 1));
    }

    #[test]
    fn the_wait_grows_with_the_queue_and_shrinks_with_staff() {
        let one = floor(&[(7, true, &["repair"])]);
        let two = floor(&[(7, true, &["repair"]), (8, true, &["repair"])]);
        let r = Duration::minutes(20);
        assert_eq!(estimate_wait(1, "repair", &one, r), 0, "next, with a free advisor");
        assert_eq!(estimate_wait(3, "repair", &one, r), 40);
        assert_eq!(estimate_wait(3, "repair", &two, r), 20);
        let mut busy = one.clone();
        busy.get_mut(&7).unwrap().serving = true;
        assert_eq!(estimate_wait(1, "repair", &busy, r), 10, "half a reception while the only advisor is busy");
        assert_eq!(estimate_wait(2, "repair", &HashMap::new(), r), 30, "nobody on duty: as if one busy advisor");
    }
}
