//! The customer's session: the home screen, one flow in progress (each holding only
//! what it collects), or the result it ended with. The screen is derived from it.

use super::booking::BookingFlow;
use super::cancel::{CancelFlow, CodeCancel};
use super::check_in::{CheckInFlow, CodeCheckIn, PlateCheckIn};
use super::outcome::Done;
use super::progress::ProgressFlow;
use super::screens::{Flow, Screen};
use super::state::FlowState;
use super::walk_in::WalkInFlow;
use crate::input::PlateInput;

/// Where the customer's session stands.
#[derive(Debug, Clone)]
pub enum Session {
    /// The home screen.
    Home,
    /// 预约签到.
    CheckIn(CheckInFlow),
    /// 直接到店.
    WalkIn(WalkInFlow),
    /// 预约保养.
    Booking(BookingFlow),
    /// 查询维修进度.
    Progress(ProgressFlow),
    /// 取消预约.
    Cancel(CancelFlow),
    /// A flow is over: its result on show.
    Done(Done),
}

impl Session {
    /// A flow at its first step; a walk-in may start with a plate given before.
    pub fn start(flow: Flow, plate: Option<PlateInput>) -> Self {
        match flow {
            Flow::Appointment => Session::CheckIn(CheckInFlow::ByPlate(PlateCheckIn::new())),
            Flow::AppointmentByCode => Session::CheckIn(CheckInFlow::ByCode(CodeCheckIn::new())),
            Flow::WalkIn => Session::WalkIn(WalkInFlow::new(plate)),
            Flow::Booking => Session::Booking(BookingFlow::new()),
            Flow::MyCar => Session::Progress(ProgressFlow::new()),
            Flow::Cancel => Session::Cancel(CancelFlow::ByCode(CodeCancel::new())),
            Flow::CancelByPlate => {
                let mut cancel = CancelFlow::ByCode(CodeCancel::new());
                cancel.forgot_code();
                Session::Cancel(cancel)
            }
        }
    }

    /// The flow in progress.
    pub fn state(&self) -> Option<&dyn FlowState> {
        Some(match self {
            Session::Home | Session::Done(_) => return None,
            Session::CheckIn(CheckInFlow::ByPlate(f)) => f,
            Session::CheckIn(CheckInFlow::ByCode(f)) => f,
            Session::WalkIn(f) => f,
            Session::Booking(f) => f,
            Session::Progress(f) => f,
            Session::Cancel(CancelFlow::ByCode(f)) => f,
            Session::Cancel(CancelFlow::ByPlate(f)) => f,
        })
    }

    /// The flow in progress, to act on.
    pub fn state_mut(&mut self) -> Option<&mut dyn FlowState> {
        Some(match self {
            Session::Home | Session::Done(_) => return None,
            Session::CheckIn(CheckInFlow::ByPlate(f)) => f,
            Session::CheckIn(CheckInFlow::ByCode(f)) => f,
            Session::WalkIn(f) => f,
            Session::Booking(f) => f,
            Session::Progress(f) => f,
            Session::Cancel(CancelFlow::ByCode(f)) => f,
            Session::Cancel(CancelFlow::ByPlate(f)) => f,
        })
    }

    /// What the customer came to do (also once it is done).
    pub fn flow(&self) -> Option<Flow> {
        match self {
            Session::Done(done) => Some(done.flow),
            other => other.state().map(FlowState::flow),
        }
    }

    /// The screen on show.
    pub fn screen(&self) -> Screen {
        match self {
            Session::Done(done) => done.screen(),
            other => other.state().map_or(Screen::Home, FlowState::screen),
        }
    }

    /// "Back"; false where it leaves the flow for home.
    pub fn back(&mut self) -> bool {
        match self {
            Session::Cancel(cancel) => cancel.back(),
            other => other.state_mut().is_some_and(|f| f.back()),
        }
    }
}
