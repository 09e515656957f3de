//! The lobby display's state, kept from WatchQueue: who is being called to which
//! counter, the last calls, and how many wait per service. No Slint here.

use frontdesk_proto::v1 as pb;
use frontdesk_proto::v1::QueueEventKind as Kind;

/// How many recent calls the board keeps: the one on show and the four before it, what
/// fits on a 1080-pixel-high board.
pub const RECENT_CALLS: usize = 5;

/// One call to a counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOut {
    /// The ticket number.
    pub number: String,
    /// The counter.
    pub counter: i32,
    /// The service type.
    pub service: String,
    /// When it was called (Unix seconds), to order the calls again after a reconnect.
    pub called_at: Option<i64>,
}

/// What the lobby display shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    /// Latest calls, newest first.
    pub calls: Vec<CallOut>,
    /// Waiting tickets per service type.
    pub waiting: Vec<(String, i32)>,
    /// True while the stream is down and the display reconnects.
    pub reconnecting: bool,
}

fn call_of(t: &pb::KioskTicket) -> CallOut {
    CallOut {
        number: t.ticket_number.clone(),
        counter: t.counter_number,
        service: t.service_code.clone(),
        called_at: t.call_time.as_ref().map(|c| c.seconds),
    }
}

impl Board {
    /// The recent calls a snapshot (the first message of a stream, and after every
    /// reconnect) still stands for, newest first: the tickets held at a counter and
    /// those received since they were called (with the counter they were called to);
    /// a ticket sent back to the queue, cancelled or missed drops out.
    fn calls_in(&self, snapshot: &pb::QueueSnapshot) -> Vec<CallOut> {
        use pb::TicketState as State;
        let mut calls: Vec<CallOut> = snapshot
            .kiosk_tickets
            .iter()
            .filter_map(|t| match State::try_from(t.state) {
                Ok(State::Called | State::InService) => Some(call_of(t)),
                // A received ticket names the counter it was called to (a server before
                // `called_counter_number` did not: then only a call seen before stays).
                Ok(State::Done) if t.called_counter_number > 0 => {
                    Some(CallOut { counter: t.called_counter_number, ..call_of(t) })
                }
                Ok(State::Done) => {
                    let seen = call_of(t);
                    self.calls.iter().find(|c| c.number == seen.number && c.called_at == seen.called_at).cloned()
                }
                _ => None,
            })
            .collect();
        calls.sort_by_key(|c| std::cmp::Reverse(c.called_at));
        calls.truncate(RECENT_CALLS);
        calls
    }

    /// Applies one WatchQueue message; returns the call to announce, if any.
    pub fn apply(&mut self, m: &pb::WatchQueueResponse) -> Option<CallOut> {
        self.reconnecting = false;
        if !m.waiting.is_empty() {
            self.waiting = m.waiting.iter().map(|w| (w.service_code.clone(), w.waiting)).collect();
        }
        if let Some(snapshot) = &m.snapshot {
            self.calls = self.calls_in(snapshot);
            return None;
        }
        let ticket = m.kiosk_ticket.as_ref()?;
        match Kind::try_from(m.kind) {
            Ok(Kind::TicketCalled | Kind::TicketRecalled) => {
                let call = call_of(ticket);
                self.calls.retain(|c| c.number != call.number);
                self.calls.insert(0, call.clone());
                self.calls.truncate(RECENT_CALLS);
                Some(call)
            }
            Ok(Kind::TicketReturned | Kind::TicketTransferred | Kind::TicketCancelled | Kind::TicketNoShow) => {
                self.calls.retain(|c| c.number != ticket.ticket_number);
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: Kind, number: &str, counter: i32) -> pb::WatchQueueResponse {
        pb::WatchQueueResponse {
            kind: kind as i32,
            kiosk_ticket: Some(pb::KioskTicket {
                ticket_number: number.into(),
                counter_number: counter,
                ..Default::default()
            }),
            waiting: vec![pb::WaitingCount { service_code: "repair".into(), waiting: 2 }],
            ..Default::default()
        }
    }

    #[test]
    fn calls_go_to_the_top_and_recalls_are_announced_again() {
        let mut board = Board { reconnecting: true, ..Board::default() };
        assert!(board.apply(&event(Kind::TicketCalled, "B001", 1)).is_some());
        assert!(board.apply(&event(Kind::TicketCalled, "W001", 2)).is_some());
        assert_eq!(board.apply(&event(Kind::TicketRecalled, "B001", 1)).map(|c| c.number), Some("B001".into()));
        let numbers: Vec<_> = board.calls.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(numbers, ["B001", "W001"]);
        assert!(!board.reconnecting);
        assert_eq!(board.waiting, [("repair".to_owned(), 2)]);
        assert!(board.apply(&event(Kind::TicketCreated, "B002", 0)).is_none());
        board.apply(&event(Kind::TicketNoShow, "W001", 2));
        assert_eq!(board.calls.len(), 1);
    }

    fn ticket(number: &str, state: pb::TicketState, counter: i32, called: i64) -> pb::KioskTicket {
        pb::KioskTicket {
            ticket_number: number.into(),
            state: state as i32,
            counter_number: counter,
            call_time: Some(prost_types::Timestamp { seconds: called, nanos: 0 }),
            ..Default::default()
        }
    }

    #[test]
    fn a_snapshot_after_a_reconnect_keeps_the_calls_of_customers_received_since() {
        use pb::TicketState as State;
        let mut board = Board::default();
        for (number, counter) in [("W001", 2), ("B001", 3), ("W002", 5)] {
            let mut called = event(Kind::TicketCalled, number, counter);
            called.kiosk_ticket = Some(ticket(number, State::Called, counter, board.calls.len() as i64 + 100));
            board.apply(&called);
        }
        let snapshot = pb::WatchQueueResponse {
            snapshot: Some(pb::QueueSnapshot {
                kiosk_tickets: vec![
                    // Received meanwhile: the snapshot no longer says at which counter.
                    ticket("W001", State::Done, 0, 100),
                    ticket("B001", State::InService, 3, 101),
                    // Sent back to the queue: no longer a call.
                    ticket("W002", State::Waiting, 0, 102),
                    // Called while the stream was down.
                    ticket("P001", State::Called, 6, 103),
                    // Done, but never seen called by this board (yesterday's W009 was).
                    ticket("W009", State::Done, 0, 90),
                ],
                ..Default::default()
            }),
            ..Default::default()
        };
        board.calls.push(CallOut { number: "W009".into(), counter: 1, service: String::new(), called_at: Some(10) });
        board.apply(&snapshot);
        let calls: Vec<_> = board.calls.iter().map(|c| (c.number.as_str(), c.counter)).collect();
        assert_eq!(calls, [("P001", 6), ("B001", 3), ("W001", 2)]);
    }

    #[test]
    fn a_display_that_starts_fresh_shows_the_recent_calls_of_its_first_snapshot() {
        use pb::TicketState as State;
        let received = |number: &str, counter, called| pb::KioskTicket {
            called_counter_number: counter,
            ..ticket(number, State::Done, 0, called)
        };
        let snapshot = pb::WatchQueueResponse {
            snapshot: Some(pb::QueueSnapshot {
                kiosk_tickets: vec![
                    received("B001", 2, 100),
                    ticket("W001", State::InService, 4, 110),
                    received("B002", 3, 120),
                    ticket("B003", State::Waiting, 0, 0),
                ],
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut board = Board::default();
        board.apply(&snapshot);
        let calls: Vec<_> = board.calls.iter().map(|c| (c.number.as_str(), c.counter)).collect();
        assert_eq!(calls, [("B002", 3), ("W001", 4), ("B001", 2)]);
    }

    #[test]
    fn at_most_five_calls_are_kept() {
        let mut board = Board::default();
        for i in 0..10 {
            board.apply(&event(Kind::TicketCalled, &format!("B{i:03}"), 1));
        }
        assert_eq!(board.calls.len(), RECENT_CALLS);
        assert_eq!(board.calls[0].number, "B009");
    }
}
