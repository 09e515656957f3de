//! Where a flow stands: the step on show, the steps behind it ("back" returns to them)
//! and whether that step waits for the server or says why it could not go on. Every
//! flow has its own kind of step; this is what they share.

use super::calls::Call;
use super::failure::Failure;
use super::outcome::Outcome;
use super::screens::Screen;

/// What an action in a flow leads to.
#[derive(Debug)]
pub enum Next {
    /// The flow goes on (on the same step or another).
    Stay,
    /// The flow waits for the reply to this call.
    Call(Call),
    /// The flow is over: a result screen.
    Done(Outcome),
}

/// What lies over the step on show.
#[derive(Debug, Clone, PartialEq)]
enum Over {
    Nothing,
    Waiting,
    Failed(Failure),
}

/// A flow's trail of steps.
#[derive(Debug, Clone)]
pub struct Steps<S> {
    now: S,
    before: Vec<S>,
    over: Over,
}

impl<S: Clone + PartialEq> Steps<S> {
    /// A flow at its first step.
    pub fn first(step: S) -> Self {
        Self { now: step, before: Vec::new(), over: Over::Nothing }
    }

    /// The step on show, or under the wait or the message.
    pub fn now(&self) -> &S {
        &self.now
    }

    /// The step on show while the customer can act on it: not while the kiosk waits for
    /// the server or shows a message.
    pub fn open(&self) -> Option<&S> {
        (self.over == Over::Nothing).then_some(&self.now)
    }

    /// On to the next step; "back" returns to this one.
    pub fn go(&mut self, next: S) {
        if self.now != next {
            let was = std::mem::replace(&mut self.now, next);
            self.before.push(was);
        }
        self.over = Over::Nothing;
    }

    /// The same step again with what the server answered (a day's slots afresh).
    pub fn renew(&mut self, step: S) {
        self.now = step;
        self.over = Over::Nothing;
    }

    /// Waits for the server's reply to `call`.
    pub fn wait(&mut self, call: Call) -> Next {
        self.over = Over::Waiting;
        Next::Call(call)
    }

    /// Says why the step could not go on.
    pub fn fail(&mut self, failure: Failure) -> Next {
        self.over = Over::Failed(failure);
        Next::Stay
    }

    /// True while waiting for the server.
    pub fn waiting(&self) -> bool {
        self.over == Over::Waiting
    }

    /// The failure on show.
    pub fn failure(&self) -> Option<Failure> {
        match self.over {
            Over::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// The screen: the wait, the message, or the step's own.
    pub fn screen(&self, of: impl FnOnce(&S) -> Screen) -> Screen {
        match self.over {
            Over::Waiting => Screen::Busy,
            Over::Failed(_) => Screen::Message,
            Over::Nothing => of(&self.now),
        }
    }

    /// Back: from a wait or a message to the step under it, else to the step before;
    /// false at the first step, where "back" leaves the flow.
    pub fn back(&mut self) -> bool {
        if self.over != Over::Nothing {
            self.over = Over::Nothing;
            return true;
        }
        match self.before.pop() {
            Some(step) => {
                self.now = step;
                true
            }
            None => false,
        }
    }

    /// Back to the latest step that is `wanted`, if the trail has one.
    pub fn back_to(&mut self, wanted: impl Fn(&S) -> bool) -> bool {
        if !wanted(&self.now) && !self.before.iter().any(&wanted) {
            return false;
        }
        while !wanted(&self.now) {
            self.back();
        }
        self.over = Over::Nothing;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_leaves_a_wait_or_a_message_first_then_goes_to_the_step_before() {
        let mut steps = Steps::first(1);
        steps.go(2);
        let _ = steps.wait(Call::ServiceTypes);
        assert_eq!(steps.screen(|_| Screen::Plate), Screen::Busy);
        assert!(steps.back() && *steps.now() == 2 && steps.open() == Some(&2), "the wait is left");
        let _ = steps.fail(Failure::NoMatch);
        assert_eq!((steps.screen(|_| Screen::Plate), steps.failure()), (Screen::Message, Some(Failure::NoMatch)));
        assert!(steps.back() && steps.open() == Some(&2), "the message is left");
        assert!(steps.back() && *steps.now() == 1);
        assert!(!steps.back(), "back from the first step leaves the flow");
        assert!(!steps.back_to(|s| *s == 3) && *steps.now() == 1, "no such step: nothing moves");
    }
}
