//! Connects the lobby display window to WatchQueue: a snapshot then every change,
//! kept in a [`Board`]; reconnects by itself and shows that it does; optionally calls
//! tickets out loud.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use frontdesk_proto::client::Connection;
use frontdesk_proto::v1 as pb;
use slint::{ComponentHandle, ModelRc, VecModel};

use crate::board::Board;
use crate::slint_generated::{CallRow, LobbyAdapter, LobbyDisplay, WaitRow};
use crate::speech;

/// Service names on the board.
fn service_label(code: &str, english: bool) -> String {
    crate::flow::default_services()
        .into_iter()
        .find(|s| s.code == code)
        .map(|s| if english { s.name_en } else { s.name_zh })
        .unwrap_or_else(|| code.to_owned())
}

/// Sets the display's properties from the board.
pub fn render(window: &LobbyDisplay, board: &Board, english: bool) {
    let state = window.global::<LobbyAdapter>();
    let row = |c: &crate::board::CallOut| CallRow { number: c.number.clone().into(), counter: c.counter };
    state.set_has_current(!board.calls.is_empty());
    state.set_current(board.calls.first().map(row).unwrap_or_default());
    let earlier: Vec<CallRow> = board.calls.iter().skip(1).map(row).collect();
    state.set_calls(ModelRc::new(VecModel::from(earlier)));
    let waiting: Vec<WaitRow> = board
        .waiting
        .iter()
        .map(|(service, n)| WaitRow { service: service_label(service, english).into(), waiting: *n })
        .collect();
    state.set_waiting(ModelRc::new(VecModel::from(waiting)));
    state.set_reconnecting(board.reconnecting);
}

/// Follows the queue forever: streams WatchQueue into the board, and on any failure
/// shows "reconnecting" and tries again after a pause.
pub async fn follow(
    conn: Connection,
    board: Arc<Mutex<Board>>,
    window: slint::Weak<LobbyDisplay>,
    english: bool,
    voice: bool,
) {
    // Asked once, off the runtime's threads: is espeak-ng there?
    let voice = voice && tokio::task::spawn_blocking(speech::available).await.unwrap_or(false);
    if voice {
        tracing::info!("calling tickets out loud with espeak-ng");
    }
    loop {
        match conn.queue().watch_queue(pb::WatchQueueRequest {}).await {
            Ok(response) => {
                let mut stream = response.into_inner();
                while let Ok(Some(message)) = stream.message().await {
                    let announce = board.lock().unwrap_or_else(std::sync::PoisonError::into_inner).apply(&message);
                    if voice && let Some(call) = &announce {
                        speech::speak(&speech::call_out(&call.number, call.counter));
                    }
                    push(&board, &window, english);
                }
            }
            Err(status) => tracing::warn!(code = ?status.code(), "cannot watch the queue"),
        }
        board.lock().unwrap_or_else(std::sync::PoisonError::into_inner).reconnecting = true;
        push(&board, &window, english);
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

fn push(board: &Arc<Mutex<Board>>, window: &slint::Weak<LobbyDisplay>, english: bool) {
    let board = board.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let _ = window.upgrade_in_event_loop(move |w| render(&w, &board, english));
}
