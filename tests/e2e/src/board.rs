//! Drawing on the room's whiteboard (Excalidraw) as a user does: tools chosen from its toolbar,
//! shapes dragged out with WebDriver pointer actions, labels typed with key actions.

use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::{Client, Locator};

use crate::page::{find, wait_gone, WAIT};

/// WebDriver's key values for Escape and Enter.
pub const ESCAPE: char = '\u{E00C}';
pub const ENTER: char = '\u{E007}';

/// The label editor Excalidraw opens on a selected shape.
const EDITOR: &str = "[data-whiteboard] textarea.excalidraw-wysiwyg";

/// Chooses a drawing tool. Excalidraw's tool buttons are visually hidden radio inputs inside
/// their labels, which WebDriver will not click: the label is clicked from the page.
pub async fn tool(client: &Client, name: &str) {
    let picked = client
        .execute(
            "const i = document.querySelector(`[data-whiteboard] [data-testid=toolbar-${arguments[0]}]`);
             if (!i) return false;
             (i.closest('label') ?? i).click();
             return true;",
            vec![serde_json::json!(name)],
        )
        .await
        .expect("the page runs scripts");
    assert_eq!(picked.as_bool(), Some(true), "no {name} tool on the board");
}

/// A `w` by `h` rectangle dragged out at `at`, then `label` typed into it (Enter edits a
/// selected shape's text) and the editor closed once every key reached it.
pub async fn draw_box(client: &Client, at: (f64, f64), size: (f64, f64), label: &str) {
    tool(client, "rectangle").await;
    drag(client, at, (at.0 + size.0, at.1 + size.1)).await;
    press(client, ENTER).await;
    find(client, Locator::Css(EDITOR), WAIT).await;
    let keys = label
        .chars()
        .fold(KeyActions::new("keyboard".into()), |k, c| {
            k.then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c })
        });
    client
        .perform_actions(keys)
        .await
        .expect("keys reach the page");
    let deadline = Instant::now() + WAIT;
    loop {
        let typed = client
            .execute(
                "const t = document.querySelector(arguments[0]); return t ? t.value : null;",
                vec![serde_json::json!(EDITOR)],
            )
            .await
            .expect("the page runs scripts");
        if typed.as_str() == Some(label) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the label editor holds {typed}, not {label:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    press(client, ESCAPE).await;
    wait_gone(client, EDITOR, WAIT).await;
}

/// An arrow from `from` to `to` (Excalidraw binds an end dropped near a shape's outline).
pub async fn draw_arrow(client: &Client, from: (f64, f64), to: (f64, f64)) {
    tool(client, "arrow").await;
    drag(client, from, to).await;
    // Finished: an arrow whose drag Excalidraw took for a click would otherwise stay open for
    // more points, and the next arrow would join it.
    press(client, ESCAPE).await;
}

/// A left-button drag in eight steps. It lands exactly on `to` and rests there before letting
/// go: under load WebKit may coalesce the moves, and Excalidraw sizes the shape from the last
/// one it saw.
pub async fn drag(client: &Client, from: (f64, f64), to: (f64, f64)) {
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: from.0.round(),
            y: from.1.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for i in 1..=8 {
        let t = f64::from(i) / 8.0;
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(30)),
            x: (from.0 + (to.0 - from.0) * t).round(),
            y: (from.1 + (to.1 - from.1) * t).round(),
        });
    }
    let mouse = mouse
        .then(PointerAction::MoveTo {
            duration: None,
            x: to.0.round(),
            y: to.1.round(),
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(150),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client
        .perform_actions(mouse)
        .await
        .expect("pointer actions reach the page");
    client
        .release_actions()
        .await
        .expect("pointer actions released");
}

/// A left click at a point of the window.
pub async fn click_at(client: &Client, at: (f64, f64)) {
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: at.0.round(),
            y: at.1.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client
        .perform_actions(mouse)
        .await
        .expect("pointer actions reach the page");
    client
        .release_actions()
        .await
        .expect("pointer actions released");
}

/// Where the board's drawing surface (`css`: its interactive canvas) is in the window: x, y,
/// width, height.
pub async fn canvas_rect(client: &Client, css: &str) -> (f64, f64, f64, f64) {
    let r = client
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();
             return [r.x, r.y, r.width, r.height];",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("the page runs scripts");
    let n = |i: usize| r[i].as_f64().unwrap_or(0.0);
    (n(0), n(1), n(2), n(3))
}

/// One key pressed and released.
pub async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client
        .perform_actions(keys)
        .await
        .expect("keys reach the page");
}
