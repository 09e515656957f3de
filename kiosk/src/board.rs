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
    CallOut { number: t.ticket_number.clone(), counter: t.counter_number, service: t.service_code.clone() }
}

impl Board {
    /// Applies one WatchQueue message; returns the call to announce, if any.
    pub fn apply(&mut self, m: &pb::WatchQueueResponse) -> Option<CallOut> {
        self.reconnecting = false;
        if !m.waiting.is_empty() {
            self.waiting = m.waiting.iter().map(|w| (w.service_code.clone(), w.waiting)).collect();
        }
        if let Some(snapshot) = &m.snapshot {
            let mut called: Vec<&pb::KioskTicket> = snapshot
                .kiosk_tickets
                .iter()
                .filter(|t| t.state == pb::TicketState::Called as i32 || t.state == pb::TicketState::InService as i32)
                .collect();
            called.sort_by_key(|t| std::cmp::Reverse(t.call_time.as_ref().map(|c| c.seconds)));
            self.calls = called.into_iter().take(RECENT_CALLS).map(call_of).collect();
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
