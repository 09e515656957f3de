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
fn espeak_installed() -> bool {
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
    static SPEAKER: std::sync::OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<String>>> = std::sync::OnceLock::new();
    if !espeak_installed() {
        return false;
    }
    let speaker = SPEAKER.get_or_init(|| {
        let (queue, calls) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for text in calls {
                let _ = std::process::Command::new("espeak-ng")
                    .args(["-v", "cmn", "-s", "140", &text])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status();
            }
        });
        std::sync::Mutex::new(queue)
    });
    speaker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).send(text.to_owned()).is_ok()
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
