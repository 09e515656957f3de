//! What the clock alone changes in the queue: a ticket ageing, an early appointment
//! reaching its priority window, a hold running out, a transfer to an advisor who
//! stayed paused. The server publishes these on WatchQueue when they happen.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{OnFloor, QueueRules, Waiting};

/// A change of the queue the clock alone makes, with nobody acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange {
    /// The ticket waited the ageing time and rose to the appointments' standing.
    Aged,
    /// An appointment customer who came early reached the slot's priority window.
    AppointmentDue,
    /// The hold for the ticket's own or requested advisor ran out.
    HoldExpired,
    /// A transfer to this advisor, who stayed paused past the hold, is released to the queue.
    Released {
        /// The advisor it waited for.
        waited_for: i64,
    },
}

/// What the clock changed in the queue after `from` up to `to`: tickets that aged or
/// whose appointment window opened (their place in the queue moves), holds that ran
/// out (anybody skilled may call them now), and transfers to advisors paused past the
/// hold (to be handed back to the queue). Each crossing falls in exactly one window,
/// so calling this for consecutive windows reports every change once.
pub fn clock_changes(
    waiting: &[Waiting],
    floor: &HashMap<i64, OnFloor>,
    rules: &QueueRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(i64, ClockChange)> {
    let crossed = |t: DateTime<Utc>| from < t && t <= to;
    let mut changes = Vec::new();
    for w in waiting {
        if let Some(to_advisor) = w.transferred_to
            && w.transfer_holds(floor, to, rules).is_none()
            && floor.get(&to_advisor).is_some_and(|a| a.on_duty)
        {
            changes.push((w.id, ClockChange::Released { waited_for: to_advisor }));
            continue;
        }
        let aged_at = w.arrived_at + rules.ageing;
        let window_at = w.appointment_slot.map(|slot| slot - rules.grace_early).filter(|at| *at > w.arrived_at);
        let rose_at = match window_at {
            Some(window) => window.min(aged_at),
            None => aged_at,
        };
        if !w.raised && crossed(rose_at) {
            let change = if Some(rose_at) == window_at { ClockChange::AppointmentDue } else { ClockChange::Aged };
            changes.push((w.id, change));
        }
        if w.transferred_to.is_none() && crossed(w.arrived_at + rules.hold) && w.held_for(floor).is_some() {
            changes.push((w.id, ClockChange::HoldExpired));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::choose_next;
    use super::super::tests::{floor, rules, t0, walk_in};
    use super::*;

    #[test]
    fn a_transfer_to_an_advisor_who_stays_paused_is_the_queues_again_after_the_hold() {
        let mut moved = walk_in(1, "maintenance", 30);
        moved.transferred_to = Some(8);
        moved.transferred_at = Some(t0());
        let queue = [moved];
        let mut f = floor(&[(7, true, &["maintenance"]), (8, true, &["maintenance"])]);
        f.get_mut(&8).unwrap().taking_customers = false;
        assert_eq!(
            choose_next(&queue, 7, &f, t0() + Duration::minutes(9), &rules()),
            None,
            "held while paused briefly"
        );
        let later = t0() + Duration::minutes(10);
        assert_eq!(choose_next(&queue, 7, &f, later, &rules()).map(|c| c.0), Some(1));
        assert_eq!(clock_changes(&queue, &f, &rules(), t0(), later), [(1, ClockChange::Released { waited_for: 8 })]);
        f.get_mut(&8).unwrap().taking_customers = true;
        assert_eq!(choose_next(&queue, 7, &f, later, &rules()), None, "an advisor taking customers keeps it");
        assert!(clock_changes(&queue, &f, &rules(), t0(), later).is_empty());
    }

    #[test]
    fn the_clock_reports_ageing_an_opening_window_and_a_running_out_hold_once() {
        let mut early = walk_in(2, "maintenance", 0);
        early.appointment_slot = Some(t0() + Duration::minutes(45));
        let mut own = walk_in(3, "maintenance", 0);
        own.own_advisor = Some(8);
        let queue = [walk_in(1, "maintenance", 0), early, own];
        let f = floor(&[(7, true, &["maintenance"]), (8, true, &["maintenance"])]);
        let at = |m: i64| t0() + Duration::minutes(m);
        assert!(clock_changes(&queue, &f, &rules(), at(0), at(9)).is_empty());
        assert_eq!(clock_changes(&queue, &f, &rules(), at(9), at(10)), [(3, ClockChange::HoldExpired)]);
        assert_eq!(clock_changes(&queue, &f, &rules(), at(10), at(10)), [], "an empty window reports nothing");
        assert_eq!(
            clock_changes(&queue, &f, &rules(), at(10), at(20)),
            [(1, ClockChange::Aged), (2, ClockChange::AppointmentDue), (3, ClockChange::Aged)],
            "the appointment's window (at 15) comes before its ageing (at 20)"
        );
        assert!(clock_changes(&queue, &f, &rules(), at(20), at(60)).is_empty(), "nothing twice");
    }
}
