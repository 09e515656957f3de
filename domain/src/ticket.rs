//! Tickets: their life, their numbers and how the lobby shows them.

use crate::ErrorReason;

use super::error::Error;

/// Where a ticket stands; stored by its name (`IN_SERVICE`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString, strum::EnumIter, strum::Display,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum TicketState {
    /// In the queue.
    Waiting,
    /// Called to a counter.
    Called,
    /// Being received.
    InService,
    /// Reception finished.
    Done,
    /// Called but did not come.
    NoShow,
    /// The customer left.
    Cancelled,
}

impl TicketState {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// True while the customer is in the building with an open ticket.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Waiting | Self::Called | Self::InService)
    }

    /// True while an advisor holds the ticket.
    pub fn is_held(self) -> bool {
        matches!(self, Self::Called | Self::InService)
    }

    fn refuse(self, action: &str) -> Error {
        Error::refused(
            ErrorReason::TicketStateInvalid,
            format!("cannot {action} a ticket that is {}", self.as_str().to_lowercase().replace('_', " ")),
        )
    }

    /// An advisor calls a waiting ticket.
    pub fn call(self) -> Result<Self, Error> {
        match self {
            Self::Waiting => Ok(Self::Called),
            other => Err(other.refuse("call")),
        }
    }

    /// Calls again: the ticket stays CALLED while `recalls` is below `max_recalls`,
    /// then the next recall makes it a no-show.
    pub fn recall(self, recalls: u32, max_recalls: u32) -> Result<Self, Error> {
        match self {
            Self::Called if recalls < max_recalls => Ok(Self::Called),
            Self::Called => Ok(Self::NoShow),
            other => Err(other.refuse("recall")),
        }
    }

    /// The called customer reached the counter.
    pub fn start(self) -> Result<Self, Error> {
        match self {
            Self::Called => Ok(Self::InService),
            other => Err(other.refuse("start")),
        }
    }

    /// Reception is done.
    pub fn complete(self) -> Result<Self, Error> {
        match self {
            Self::InService => Ok(Self::Done),
            other => Err(other.refuse("complete")),
        }
    }

    /// The called customer did not come.
    pub fn skip(self) -> Result<Self, Error> {
        match self {
            Self::Called => Ok(Self::NoShow),
            other => Err(other.refuse("skip")),
        }
    }

    /// Hand to another advisor or service; the ticket waits again.
    pub fn transfer(self) -> Result<Self, Error> {
        match self {
            Self::Waiting | Self::Called | Self::InService => Ok(Self::Waiting),
            other => Err(other.refuse("transfer")),
        }
    }

    /// Back into the queue, for example when a no-show turns up after all.
    pub fn return_to_queue(self) -> Result<Self, Error> {
        match self {
            Self::Called | Self::InService | Self::NoShow => Ok(Self::Waiting),
            other => Err(other.refuse("return")),
        }
    }

    /// The customer left.
    pub fn cancel(self) -> Result<Self, Error> {
        match self {
            Self::Waiting | Self::Called | Self::InService | Self::NoShow => Ok(Self::Cancelled),
            other => Err(other.refuse("cancel")),
        }
    }

    /// A supervisor moves a waiting ticket to the front.
    pub fn raise(self) -> Result<Self, Error> {
        match self {
            Self::Waiting => Ok(Self::Waiting),
            other => Err(other.refuse("raise")),
        }
    }
}

/// A ticket number: the service's prefix and at least three digits, `B007`.
pub fn ticket_number(prefix: &str, n: u32) -> String {
    format!("{prefix}{n:03}")
}

/// Masks a plate for the lobby: the province and letter, then `***`, then the last
/// two characters: `沪A***45`.
pub fn mask_plate(plate: &str) -> String {
    let chars: Vec<char> = plate.chars().collect();
    if chars.len() < 5 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketState::*;

    #[test]
    fn the_happy_path_is_waiting_called_in_service_done() {
        assert_eq!(Waiting.call().unwrap(), Called);
        assert_eq!(Called.start().unwrap(), InService);
        assert_eq!(InService.complete().unwrap(), Done);
    }

    #[test]
    fn illegal_moves_are_refused_with_ticket_state_invalid() {
        for (result, what) in [
            (Waiting.start(), "start a waiting ticket"),
            (Called.complete(), "complete before starting"),
            (Done.call(), "call a done ticket"),
            (Done.return_to_queue(), "return a done ticket"),
            (InService.skip(), "skip in service"),
            (Called.raise(), "raise a called ticket"),
            (Done.cancel(), "cancel a done ticket"),
        ] {
            assert_eq!(result.unwrap_err().reason(), Some(ErrorReason::TicketStateInvalid), "{what}");
        }
    }

    #[test]
    fn recalls_run_out_into_a_no_show() {
        assert_eq!(Called.recall(0, 3).unwrap(), Called);
        assert_eq!(Called.recall(2, 3).unwrap(), Called);
        assert_eq!(Called.recall(3, 3).unwrap(), NoShow);
        assert!(Waiting.recall(0, 3).is_err());
    }

    #[test]
    fn no_shows_come_back_and_anything_open_can_be_cancelled() {
        assert_eq!(Called.skip().unwrap(), NoShow);
        assert_eq!(NoShow.return_to_queue().unwrap(), Waiting);
        assert_eq!(InService.transfer().unwrap(), Waiting);
        for st in [Waiting, Called, InService, NoShow] {
            assert_eq!(st.cancel().unwrap(), Cancelled);
        }
    }

    #[test]
    fn numbers_have_the_prefix_and_three_digits() {
        assert_eq!(ticket_number("B", 7), "B007");
        assert_eq!(ticket_number("W", 123), "W123");
        assert_eq!(ticket_number("W", 1000), "W1000");
    }

    #[test]
    fn plates_are_masked_in_the_middle() {
        assert_eq!(mask_plate("沪A12345"), "沪A***45");
        assert_eq!(mask_plate("京AD12345"), "京A***45");
    }
}
