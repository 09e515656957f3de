//! The keypads: a plate keypad like those at Chinese car parks, a digit pad (the last
//! four digits, a mobile number), and the confirmation-code pad. Each keeps its buffer
//! and says whether it holds a valid value, by the server's own rules
//! (`frontdesk_domain`); the controller types through [`Pad`].

mod code;
mod digits;
mod pad;
mod plate;

pub use code::{CODE_CHARS, CodeInput};
pub use digits::DigitInput;
pub use pad::Pad;
pub use plate::{PLATE_LETTERS, PROVINCES, PlateInput, PlateState};
