//! What every keypad entry answers to.

/// What every pad's entry does, so the controller types into whichever is on show.
pub trait Pad {
    /// Adds a key, if the entry takes it.
    fn key(&mut self, key: &str);
    /// Removes the last character.
    fn back(&mut self);
    /// Forgets the entry.
    fn clear(&mut self);
    /// How many characters are typed.
    fn typed(&self) -> usize;
    /// True when "next" can go on with the entry.
    fn is_valid(&self) -> bool;
    /// True when the entry can hold nothing more, so the kiosk goes on by itself.
    fn is_complete(&self) -> bool;
    /// The plate pad's 新能源 key; other pads have none.
    fn toggle_new_energy(&mut self) {}
}
