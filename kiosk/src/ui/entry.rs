//! The entry screen's adapter: what was typed on the pad on show, its line of help, its
//! keys, and the other ways on (the whole number while offline, a lost code).

use std::rc::Rc;

use slint::{ComponentHandle, VecModel};

use super::context::{Context, Shared};
use super::keypad;
use crate::flow::{Controller, Entry, Flow, Screen};
use crate::input::PlateState;
use crate::slint_generated::{EntryAdapter, EntryHint, Key, KeyAction, KioskWindow};

/// What the entry shows: its text, hint, count of typed, most, and whether it is valid.
fn typed(entry: Option<Entry<'_>>) -> (String, EntryHint, usize, i32, bool) {
    match entry {
        Some(Entry::Plate(plate)) => {
            let eight = plate.expects_new_energy();
            let hint = match plate.state() {
                PlateState::Empty => EntryHint::PlateProvince,
                PlateState::Typing if eight => EntryHint::PlateTypingNewEnergy,
                PlateState::Typing => EntryHint::PlateTyping,
                PlateState::Valid if eight => EntryHint::PlateValidOrNewEnergy,
                PlateState::Valid => EntryHint::PlateValid,
                PlateState::ValidNewEnergy => EntryHint::PlateNewEnergy,
            };
            (plate.text().to_owned(), hint, 0, 8, plate.is_valid())
        }
        Some(Entry::Last4(last4)) => {
            (last4.text().to_owned(), EntryHint::Digits, last4.text().len(), 4, last4.is_last4())
        }
        Some(Entry::Phone(phone)) => {
            let hint = if phone.is_phone() { EntryHint::PhoneValid } else { EntryHint::Digits };
            (phone.spaced(), hint, phone.text().len(), 11, phone.is_phone())
        }
        Some(Entry::Code(code)) => {
            let hint = if code.is_valid() { EntryHint::CodeValid } else { EntryHint::Code };
            (code.text().to_owned(), hint, code.text().len(), 6, code.is_valid())
        }
        None => (String::new(), EntryHint::None, 0, 0, false),
    }
}

/// Sets the entry's properties.
pub fn show(window: &KioskWindow, shared: &Shared) {
    let c = &shared.controller;
    let e = window.global::<EntryAdapter>();
    let (text, hint, count, max, valid) = typed(c.entry());
    e.set_text(text.into());
    e.set_hint(hint);
    e.set_count(i32::try_from(count).unwrap_or(i32::MAX));
    e.set_max(max);
    e.set_valid(valid);
    let keys = c.entry().map(|entry| keypad::pad(entry, c.can_continue())).unwrap_or_default();
    e.set_keys(VecModel::from_slice(&keys));
    e.set_offline(c.offline());
    e.set_in_workshop(c.in_workshop());
    e.set_plate(c.plate().into());
    e.set_code(c.code().into());
    e.set_offers_full_phone(c.offline() && c.screen() == Screen::Last4);
    e.set_offers_lost_code(c.flow() == Some(Flow::Cancel) && c.screen() == Screen::Code);
}

/// A key of the pad pressed.
fn press(k: &mut Controller, key: &Key) -> Option<crate::flow::Call> {
    match key.action {
        KeyAction::Character => k.key(&key.label),
        KeyAction::Delete => {
            k.backspace();
            None
        }
        KeyAction::Next => k.proceed(),
        KeyAction::NewEnergy => k.new_energy(),
    }
}

/// Wires the pad and the other ways on.
pub fn connect(window: &KioskWindow, ctx: &Rc<Context>) {
    let e = window.global::<EntryAdapter>();
    let c = ctx.clone();
    e.on_pressed(move |key| c.act(|k| press(k, &key)));
    let c = ctx.clone();
    e.on_new_customer(move || c.update(Controller::new_customer));
    let c = ctx.clone();
    e.on_forgot_code(move || c.update(Controller::forgot_code));
}
