//! The lobby display's voice: ticket numbers read the way staff say them
//! ("B007" → "B 七号"), spoken with espeak-ng when it is installed.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A number from 0 to 9999 in Chinese numerals: 7 → 七, 12 → 十二, 20 → 二十,
/// 101 → 一百零一, 110 → 一百一十, 1005 → 一千零五.
pub fn chinese_number(n: u32) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut zero_pending = false;
    for (value, unit) in units {
        let digit = (n / value) % 10;
        if digit == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push_str(DIGITS[0]);
            zero_pending = false;
        }
        // 10–19 read 十, 十一…, not 一十.
        if !(value == 10 && digit == 1 && out.is_empty()) {
            out.push_str(DIGITS[digit as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// A ticket number as staff say it: the letter, then the number without leading
/// zeros, then 号 — `B007` → `B 七号`.
pub fn spoken_ticket(number: &str) -> String {
    let letters: String = number.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let digits: String = number.chars().skip_while(|c| !c.is_ascii_digit()).collect();
    match digits.parse::<u32>() {
        Ok(n) => format!("{letters} {}号", chinese_number(n)),
        Err(_) => number.to_owned(),
    }
}

/// The whole call-out: `请 B 七号 到 三号服务台`.
pub fn call_out(number: &str, counter: i32) -> String {
    let counter = u32::try_from(counter).map(chinese_number).unwrap_or_else(|_| counter.to_string());
    format!("请 {} 到 {counter}号服务台", spoken_ticket(number))
}

/// True when espeak-ng can be run (asked once).
pub fn available() -> bool {
    static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *INSTALLED.get_or_init(|| {
        std::process::Command::new("espeak-ng")
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Speaks with espeak-ng's Mandarin voice when espeak-ng is installed; returns false
/// when it is not. Never blocks the display: calls are queued to one speaker thread
/// and spoken one after the other, so two calls close together never talk over each
/// other.
pub fn speak(text: &str) -> bool {
    type Queue = std::sync::mpsc::Sender<(std::time::Instant, String)>;
    static SPEAKER: std::sync::OnceLock<std::sync::Mutex<Queue>> = std::sync::OnceLock::new();
    if !available() {
        return false;
    }
    let speaker = SPEAKER.get_or_init(|| {
        let (queue, calls) = std::sync::mpsc::channel::<(std::time::Instant, String)>();
        std::thread::spawn(move || {
            for (asked, text) in calls {
                // A call that waited too long behind others is old news: skip it.
                if asked.elapsed() > STALE {
                    continue;
                }
                say(&text);
            }
        });
        std::sync::Mutex::new(queue)
    });
    let call = (std::time::Instant::now(), text.to_owned());
    speaker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).send(call).is_ok()
}

/// A call-out older than this is not spoken any more.
const STALE: std::time::Duration = std::time::Duration::from_secs(30);
/// The longest one call-out may take; a hung espeak-ng is stopped after it.
const LONGEST: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs espeak-ng once, stopping it if it hangs (a blocked audio device) so later
/// calls are still heard.
fn say(text: &str) {
    let Ok(mut child) = std::process::Command::new("espeak-ng")
        .args(["-v", "cmn", "-s", "140", text])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return;
    };
    let started = std::time::Instant::now();
    while matches!(child.try_wait(), Ok(None)) {
        if started.elapsed() > LONGEST {
            let _ = child.kill();
            let _ = child.wait();
            tracing::warn!("espeak-ng took longer than {} s and was stopped", LONGEST.as_secs());
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        let cases = [
            (0, "零"),
            (7, "七"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (101, "一百零一"),
            (110, "一百一十"),
            (999, "九百九十九"),
            (1005, "一千零五"),
        ];
        for (n, spoken) in cases {
            assert_eq!(chinese_number(n), spoken, "{n}");
        }
    }

    #[test]
    fn tickets_drop_leading_zeros() {
        assert_eq!(spoken_ticket("B007"), "B 七号");
        assert_eq!(spoken_ticket("W012"), "W 十二号");
        assert_eq!(spoken_ticket("P120"), "P 一百二十号");
        assert_eq!(call_out("B007", 3), "请 B 七号 到 三号服务台");
    }
}
