//! What every flow answers to, so the controller drives them alike: the screen it
//! shows, its entries, "next", the server's replies, "back" and "try again". What only
//! one flow does (a service, a day, a slot, a surname…) is that flow's own method.

use super::calls::Reply;
use super::clock::Clock;
use super::entry::Entry;
use super::failure::Failure;
use super::screens::{Flow, Screen};
use super::steps::Next;
use crate::input::Pad;

/// A flow in progress.
pub trait FlowState {
    /// Which flow it is.
    fn flow(&self) -> Flow;
    /// The screen on show.
    fn screen(&self) -> Screen;
    /// Every entry it holds, whatever the step.
    fn entries(&self) -> Vec<Entry<'_>>;
    /// The entry of the step on show, if that step takes one.
    fn entry(&self) -> Option<Entry<'_>>;
    /// The pad of the step on show, to type on.
    fn pad(&mut self) -> Option<&mut dyn Pad>;
    /// "Next" or "confirm" on the step on show.
    fn proceed(&mut self, clock: &Clock) -> Next;
    /// The server's reply to the flow's call.
    fn receive(&mut self, reply: Reply, clock: &Clock) -> Next;
    /// "Back"; false at the first step, where it leaves the flow.
    fn back(&mut self) -> bool;
    /// The failure on show.
    fn failure(&self) -> Option<Failure>;
    /// "Try again" after a message: back to the step that made the call, its entry
    /// emptied, so the customer types it afresh instead of deleting key by key.
    fn retry(&mut self, _clock: &Clock) -> Next {
        type_again(self)
    }
}

/// Back from a message to the step that made the call, its entry emptied.
pub fn type_again<F: FlowState + ?Sized>(flow: &mut F) -> Next {
    if flow.back()
        && let Some(pad) = flow.pad()
    {
        pad.clear();
    }
    Next::Stay
}
