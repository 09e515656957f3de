//! A vehicle in a customer file.

/// A stored vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vehicle {
    /// The id.
    pub id: i64,
    /// The normalised plate.
    pub plate: String,
    /// The owner's customer id.
    pub customer_id: i64,
    /// The model (车型).
    pub model: String,
    /// The vehicle type (车种).
    pub vehicle_type: String,
    /// The VIN or empty.
    pub vin: String,
    /// The odometer in km.
    pub mileage_km: i32,
    /// Maintenance interval in days, 0 when unset.
    pub maintenance_interval_days: i32,
    /// Maintenance interval in km, 0 when unset.
    pub maintenance_interval_km: i32,
    /// Next maintenance due, YYYY-MM-DD.
    pub next_maintenance_due: Option<String>,
}
