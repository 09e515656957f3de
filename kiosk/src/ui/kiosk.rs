//! Opens the kiosk window: every view's adapter wired to the controller, and the
//! once-a-second tick.

use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::context::{Context, Runner, Shared, lock, select_language};
use super::render::render;
use super::{choose, confirm, entry, home, message, session, surname};
use crate::driver::Driver;
use crate::flow::Controller;
use crate::slint_generated::KioskWindow;

/// A connected kiosk window. Keep it alive as long as the window is shown.
pub struct Kiosk {
    /// The window.
    pub window: KioskWindow,
    /// Its state.
    pub shared: Arc<Mutex<Shared>>,
    _tick: slint::Timer,
}

/// Creates the kiosk window, wires every view's adapter and starts the tick.
pub fn connect(
    controller: Controller,
    driver: Driver,
    runner: Runner,
    english: bool,
    landscape: bool,
) -> Result<Kiosk, slint::PlatformError> {
    let window = KioskWindow::new()?;
    select_language(english);
    let shared = Arc::new(Mutex::new(Shared::new(controller, english, landscape)));
    let ctx = Rc::new(Context::new(shared.clone(), &window, driver, runner, render));
    session::connect(&window, &ctx);
    home::connect(&window, &ctx);
    entry::connect(&window, &ctx);
    surname::connect(&window, &ctx);
    choose::connect(&window, &ctx);
    confirm::connect(&window, &ctx);
    message::connect(&window, &ctx);
    let tick = slint::Timer::default();
    let c = ctx.clone();
    tick.start(slint::TimerMode::Repeated, Duration::from_secs(1), move || c.act(Controller::tick));
    render(&window, &lock(&shared));
    Ok(Kiosk { window, shared, _tick: tick })
}
