//! The keys of the pad on show, in rows: the plate pad (the provinces first, then
//! digits and letters), the digit pads, the code pad, each with "delete" and "next"
//! in the row under its last keys, where the finger is; and the surnames.

use slint::{ModelRc, SharedString, VecModel};

use crate::flow::Entry;
use crate::input::{CODE_CHARS, DigitInput, PLATE_LETTERS, PROVINCES, PlateInput};
use crate::slint_generated::{Key, KeyAction, KeyRow};

/// Common surnames for the optional surname screen.
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡";

fn key(label: char, enabled: bool) -> Key {
    Key { label: label.to_string().into(), action: KeyAction::Character, enabled, active: false }
}

fn action(action: KeyAction, enabled: bool, active: bool) -> Key {
    Key { label: SharedString::new(), action, enabled, active }
}

fn rows(keys: Vec<Key>, per_row: usize) -> Vec<KeyRow> {
    keys.chunks(per_row).map(|row| KeyRow { keys: ModelRc::new(VecModel::from(row.to_vec())) }).collect()
}

fn chars(chars: &str, enabled: impl Fn(char) -> bool) -> Vec<Key> {
    chars.chars().map(|c| key(c, enabled(c))).collect()
}

/// The keys of an entry's pad; `next` enabled when the entry can go on.
pub fn pad(entry: Entry<'_>, next: bool) -> Vec<KeyRow> {
    let next = action(KeyAction::Next, next, false);
    match entry {
        Entry::Plate(plate) => plate_pad(plate, next),
        Entry::Last4(digits) | Entry::Phone(digits) => digit_pad(digits, next),
        Entry::Code(code) => {
            let open = code.text().len() < 6;
            let mut pad = rows(chars(CODE_CHARS, |_| open), 8);
            pad.extend(rows(vec![action(KeyAction::Delete, !code.text().is_empty(), false), next], 2));
            pad
        }
    }
}

/// Provinces until one is chosen; then digits (from the third character) and letters.
fn plate_pad(plate: &PlateInput, next: Key) -> Vec<KeyRow> {
    let typed = plate.text().chars().count();
    let mut pad = if typed == 0 {
        rows(chars(PROVINCES, |_| true), 8)
    } else {
        let full = typed >= 8;
        let mut pad = rows(chars("1234567890", |_| typed >= 2 && !full), 10);
        pad.extend(rows(chars(PLATE_LETTERS, |_| !full), 8));
        pad
    };
    let new_energy = action(KeyAction::NewEnergy, true, plate.expects_new_energy());
    pad.extend(rows(vec![new_energy, action(KeyAction::Delete, typed > 0, false), next], 3));
    pad
}

/// Digits 1–9, then 删除 · 0 · 下一步; a digit the entry would refuse is disabled.
fn digit_pad(digits: &DigitInput, next: Key) -> Vec<KeyRow> {
    let open = |d: char| digits.accepts(&d.to_string());
    let mut pad = rows(chars("123456789", open), 3);
    pad.extend(rows(vec![action(KeyAction::Delete, !digits.text().is_empty(), false), key('0', open('0')), next], 3));
    pad
}

/// The surnames, eight a row (ten on a landscape screen).
pub fn surnames(landscape: bool) -> Vec<KeyRow> {
    rows(chars(SURNAMES, |_| true), if landscape { 10 } else { 8 })
}
