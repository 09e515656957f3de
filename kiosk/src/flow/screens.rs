//! Where the kiosk stands in the customer's terms: what they came to do ([`Flow`], the
//! buttons on the home screen) and the screen on show ([`Screen`], derived from the
//! state of the flow).

/// What the customer came to do (the buttons on the home screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// 预约签到 with plate and phone's last four digits.
    Appointment,
    /// 预约签到 with the confirmation code.
    AppointmentByCode,
    /// 直接到店.
    WalkIn,
    /// 预约保养.
    Booking,
    /// 查询维修进度.
    MyCar,
    /// 取消预约 with the code and the last four digits.
    Cancel,
    /// 取消预约 with the plate and the last four digits, for a customer who lost the code.
    CancelByPlate,
}

/// The screen on show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The five choices.
    Home,
    /// Plate keypad.
    Plate,
    /// Last four digits of the phone.
    Last4,
    /// Confirmation code.
    Code,
    /// Full phone number.
    Phone,
    /// Optional surname.
    Surname,
    /// Service type.
    Service,
    /// Day of the booking.
    Day,
    /// Slot grid.
    Slot,
    /// The booking, to confirm.
    ConfirmBooking,
    /// The appointment about to be cancelled, to confirm.
    ConfirmCancel,
    /// Which of the car's appointments to cancel.
    ChooseAppointment,
    /// Waiting for the server.
    Busy,
    /// The ticket.
    Ticket,
    /// The booking's confirmation code.
    Booked,
    /// Repair progress.
    Progress,
    /// The cancellation.
    Cancelled,
    /// Kept offline: registered under a provisional number, ask at the desk.
    Queued,
    /// A message (an error in the customer's words).
    Message,
}
