//! The frontdesk kiosk: a Slint touch UI at the entrance (check-in, booking, repair
//! progress, cancel) and the lobby display, talking gRPC to the frontdesk server.
//!
//! The flows live in [`flow`] as a state machine without Slint or network; [`driver`]
//! makes its calls (deadlines, retries) and sends the offline [`outbox`]; [`ui`] (one
//! adapter per view) and [`display`] connect the windows; [`app`] runs the modes.

#![allow(clippy::too_many_arguments)]

pub mod app;
pub mod board;
pub mod display;
pub mod driver;
pub mod flow;
pub mod input;
pub mod outbox;
pub mod speech;
pub mod standalone;
pub mod start;
pub mod ui;
pub mod views;

/// The generated Slint code: `KioskWindow`, `LobbyDisplay` and their globals.
#[allow(clippy::all, clippy::todo, clippy::unimplemented, unused_qualifications, missing_docs, unsafe_code)]
pub mod slint_generated {
    slint::include_modules!();
}

pub use slint_generated::{KioskWindow, LobbyDisplay};

#[cfg(test)]
mod tests {
    /// Every `@tr` string of the UI has a Chinese translation: a missing one would show
    /// English on the Chinese screen.
    #[test]
    fn every_ui_string_is_translated_to_chinese() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let po = std::fs::read_to_string(root.join("lang/zh_CN/LC_MESSAGES/frontdesk-kiosk.po")).expect("po");
        let mut translated = std::collections::HashMap::new();
        let mut id = None;
        for line in po.lines() {
            if let Some(rest) = line.strip_prefix("msgid \"") {
                id = Some(rest.trim_end_matches('"').replace("\\\"", "\""));
            } else if let (Some(rest), Some(msgid)) = (line.strip_prefix("msgstr \""), id.take()) {
                translated.insert(msgid, rest.trim_end_matches('"').to_owned());
            }
        }
        let mut missing = Vec::new();
        let mut stack = vec![root.join("ui")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).expect("ui dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("slint");
                for piece in text.split("@tr(\"").skip(1) {
                    let source = piece.split('"').next().unwrap_or_default();
                    if translated.get(source).is_none_or(|t| t.is_empty()) {
                        missing.push(source.to_owned());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
