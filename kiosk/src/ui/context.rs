//! What every view's adapter shares: the controller and the language ([`Shared`]), and
//! the [`Context`] its callbacks act through. An action goes to the controller; a call
//! it returns goes to the driver, and the reply back to the controller; after every
//! change the window is set again from the controller (cheap, and never stale).

use std::sync::{Arc, Mutex};

use slint::ComponentHandle;

use crate::driver::Driver;
use crate::flow::{Call, Controller, Reply};
use crate::slint_generated::KioskWindow;

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

/// Locks the shared state (a panic elsewhere does not stop the kiosk).
pub fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The language of the window: Chinese by default.
pub fn select_language(english: bool) {
    if let Err(error) = slint::select_bundled_translation(if english { "en" } else { "zh_CN" }) {
        tracing::warn!(%error, "could not switch the language");
    }
}

/// Hands a reply to the controller unless it belongs to a customer who is gone (the
/// kiosk reset or went home while the call was under way); returns the next call.
pub fn deliver(state: &mut Shared, generation: u64, reply: Reply) -> Option<Call> {
    if state.controller.generation() == generation { state.controller.receive(reply) } else { None }
}

/// Sets the whole window from the shared state.
pub type Render = fn(&KioskWindow, &Shared);

/// What the adapters' callbacks act through.
#[derive(Clone)]
pub struct Context {
    /// The controller and the language.
    pub shared: Arc<Mutex<Shared>>,
    window: slint::Weak<KioskWindow>,
    driver: Driver,
    runner: Runner,
    /// The language each customer starts in.
    pub first_english: bool,
    render: Render,
}

impl Context {
    /// A context for the window.
    pub fn new(
        shared: Arc<Mutex<Shared>>,
        window: &KioskWindow,
        driver: Driver,
        runner: Runner,
        render: Render,
    ) -> Self {
        let first_english = lock(&shared).english;
        Self { shared, window: window.as_weak(), driver, runner, first_english, render }
    }

    /// Sets the window again from the controller.
    pub fn rerender(&self) {
        if let Some(window) = self.window.upgrade() {
            (self.render)(&window, &lock(&self.shared));
        }
    }

    /// Does what the customer did; its call, if any, goes to the driver.
    pub fn act(&self, action: impl FnOnce(&mut Controller) -> Option<Call>) {
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

    /// Like [`Context::act`], for what makes no call.
    pub fn update(&self, action: impl FnOnce(&mut Controller)) {
        self.act(|controller| {
            action(controller);
            None
        });
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
                let ctx = self.clone();
                handle.spawn(async move {
                    let reply = ctx.driver.run(call).await;
                    let window = ctx.window.clone();
                    let _ = window.upgrade_in_event_loop(move |_| {
                        let next = deliver(&mut lock(&ctx.shared), generation, reply);
                        ctx.dispatch(next);
                    });
                });
            }
        }
    }
}
