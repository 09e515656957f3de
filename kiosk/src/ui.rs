//! Connects the kiosk window to the controller: every action of the customer goes to
//! the [`Controller`], its calls go to the [`Driver`], and after every change the
//! whole `KioskState` is set again from the controller (cheap, and never stale).

use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slint::ComponentHandle;

use crate::driver::Driver;
use crate::flow::{Call, Controller, Flow};
pub use crate::render::{day_label, render};
use crate::slint_generated::{KioskActions, KioskWindow};

/// How calls are run.
#[derive(Debug, Clone)]
pub enum Runner {
    /// On the tokio runtime; the reply comes back through the Slint event loop. The
    /// window never freezes.
    Spawn(tokio::runtime::Handle),
    /// Right away, blocking the UI thread until the reply (deadlines bound it). For
    /// tests with the Slint testing backend, which has no event loop to come back to.
    Block(tokio::runtime::Handle),
}

/// Common surnames for the optional surname screen.
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡";

/// The controller and the language, shared by the window's callbacks and the runtime.
pub struct Shared {
    /// The flows.
    pub controller: Controller,
    /// English instead of Chinese.
    pub english: bool,
    /// Landscape layout.
    pub landscape: bool,
}

impl Shared {
    /// A kiosk in its first language.
    pub fn new(controller: Controller, english: bool, landscape: bool) -> Self {
        Self { controller, english, landscape }
    }
}

/// A connected kiosk window. Keep it alive as long as the window is shown.
pub struct Kiosk {
    /// The window.
    pub window: KioskWindow,
    /// Its state.
    pub shared: Arc<Mutex<Shared>>,
    _tick: slint::Timer,
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The language of the window: Chinese by default.
pub fn select_language(english: bool) {
    if let Err(error) = slint::select_bundled_translation(if english { "en" } else { "zh_CN" }) {
        tracing::warn!(%error, "could not switch the language");
    }
}

struct Context {
    shared: Arc<Mutex<Shared>>,
    window: slint::Weak<KioskWindow>,
    driver: Driver,
    runner: Runner,
    /// The language each customer starts in.
    first_english: bool,
}

/// Hands a reply to the controller unless it belongs to a customer who is gone (the
/// kiosk reset or went home while the call was under way); returns the next call.
pub fn deliver(state: &mut Shared, generation: u64, reply: crate::flow::Reply) -> Option<Call> {
    if state.controller.generation() == generation { state.controller.receive(reply) } else { None }
}

impl Context {
    fn rerender(&self) {
        if let Some(window) = self.window.upgrade() {
            render(&window, &lock(&self.shared));
        }
    }

    fn dispatch(&self, call: Option<Call>) {
        self.rerender();
        let Some(call) = call else { return };
        let generation = lock(&self.shared).controller.generation();
        match &self.runner {
            Runner::Block(handle) => {
                let reply = handle.block_on(self.driver.run(call));
                let next = deliver(&mut lock(&self.shared), generation, reply);
                self.dispatch(next);
            }
            Runner::Spawn(handle) => {
                let (driver, shared, window) = (self.driver.clone(), self.shared.clone(), self.window.clone());
                let (runner, first_english) = (self.runner.clone(), self.first_english);
                handle.spawn(async move {
                    let reply = driver.run(call).await;
                    let _ = window.upgrade_in_event_loop(move |window| {
                        let next = deliver(&mut lock(&shared), generation, reply);
                        let ctx = Context { shared, window: window.as_weak(), driver, runner, first_english };
                        ctx.dispatch(next);
                    });
                });
            }
        }
    }

    fn act(&self, action: impl FnOnce(&mut Controller) -> Option<Call>) {
        let call = {
            let mut state = lock(&self.shared);
            let ended = state.controller.sessions_ended();
            let call = action(&mut state.controller);
            // The next customer starts in the kiosk's first language.
            if state.controller.sessions_ended() != ended && state.english != self.first_english {
                state.english = self.first_english;
                select_language(self.first_english);
            }
            call
        };
        self.dispatch(call);
    }
}

fn flow_of(name: &str) -> Option<Flow> {
    Some(match name {
        "appointment" => Flow::Appointment,
        "code" => Flow::AppointmentByCode,
        "walk-in" => Flow::WalkIn,
        "booking" => Flow::Booking,
        "my-car" => Flow::MyCar,
        "cancel" => Flow::Cancel,
        "cancel-plate" => Flow::CancelByPlate,
        _ => return None,
    })
}

/// Creates the kiosk window, wires its actions and starts the once-a-second tick.
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
    let ctx =
        Rc::new(Context { shared: shared.clone(), window: window.as_weak(), driver, runner, first_english: english });
    let actions = window.global::<KioskActions>();
    let c = ctx.clone();
    actions.on_start(move |flow| {
        if let Some(flow) = flow_of(&flow) {
            c.act(|k| k.start(flow));
        }
    });
    let c = ctx.clone();
    actions.on_key(move |key| c.act(|k| k.key(&key)));
    let c = ctx.clone();
    actions.on_backspace(move || {
        c.act(|k| {
            k.backspace();
            None
        })
    });
    let c = ctx.clone();
    actions.on_new_energy(move || c.act(Controller::new_energy));
    let c = ctx.clone();
    actions.on_next(move || c.act(Controller::proceed));
    let c = ctx.clone();
    actions.on_back(move || {
        c.act(|k| {
            k.back();
            None
        })
    });
    let c = ctx.clone();
    actions.on_retry(move || c.act(Controller::retry));
    let c = ctx.clone();
    actions.on_home(move || {
        c.act(|k| {
            k.reset();
            None
        })
    });
    let c = ctx.clone();
    actions.on_choose_service(move |code| c.act(|k| k.choose_service(&code)));
    let c = ctx.clone();
    actions.on_choose_day(move |i| c.act(|k| k.choose_day(usize::try_from(i).unwrap_or(usize::MAX))));
    let c = ctx.clone();
    actions.on_choose_slot(move |i| {
        c.act(|k| {
            k.choose_slot(usize::try_from(i).unwrap_or(usize::MAX));
            None
        })
    });
    let c = ctx.clone();
    actions.on_choose_surname(move |s| {
        c.act(|k| {
            k.choose_surname(&s);
            None
        })
    });
    let c = ctx.clone();
    actions.on_skip_surname(move || c.act(Controller::skip_surname));
    let c = ctx.clone();
    actions.on_choose_appointment(move |i| {
        c.act(|k| {
            k.choose_appointment(usize::try_from(i).unwrap_or(usize::MAX));
            None
        })
    });
    let c = ctx.clone();
    actions.on_new_customer(move || {
        c.act(|k| {
            k.new_customer();
            None
        })
    });
    let c = ctx.clone();
    actions.on_forgot_code(move || {
        c.act(|k| {
            k.forgot_code();
            None
        })
    });
    let c = ctx.clone();
    actions.on_walk_in_instead(move || c.act(Controller::switch_to_walk_in));
    let c = ctx.clone();
    actions.on_still_here(move || {
        c.act(|k| {
            k.touch();
            None
        })
    });
    let c = ctx.clone();
    actions.on_toggle_language(move || {
        let english = {
            let mut state = lock(&c.shared);
            state.english = !state.english;
            state.controller.touch();
            let changed = state.english != c.first_english;
            state.controller.set_language_changed(changed);
            state.english
        };
        select_language(english);
        c.rerender();
    });
    let tick = slint::Timer::default();
    let c = ctx.clone();
    tick.start(slint::TimerMode::Repeated, Duration::from_secs(1), move || c.act(Controller::tick));
    render(&window, &lock(&shared));
    Ok(Kiosk { window, shared, _tick: tick })
}
