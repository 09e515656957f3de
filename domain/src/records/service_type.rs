//! A service type (保养, 维修…) as the desk keeps it.

/// A stored service type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceType {
    /// The code, for example `maintenance`.
    pub code: String,
    /// The Chinese name.
    pub name_zh: String,
    /// The English name.
    pub name_en: String,
    /// The ticket prefix letter.
    pub ticket_prefix: String,
}
