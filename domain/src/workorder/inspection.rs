//! The reception sheet (接车问诊单) with its walk-around (环车检查): what the car came
//! in with, in the customer's words and the advisor's findings, and the damage already
//! on it, marked on a fixed list of body panels so a later dispute has a record.

use crate::error::{Error, Invalid, Violation, all_valid};
use crate::{ErrorReason, free_text, limits, required_text};

/// A body panel on the walk-around sketch.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Panel {
    /// 前保险杠.
    FrontBumper,
    /// 发动机盖.
    Bonnet,
    /// 前挡风玻璃.
    Windscreen,
    /// 车顶.
    Roof,
    /// 后挡风玻璃.
    RearWindow,
    /// 行李箱盖.
    BootLid,
    /// 后保险杠.
    RearBumper,
    /// 左前翼子板.
    LeftFrontWing,
    /// 左前门.
    LeftFrontDoor,
    /// 左后门.
    LeftRearDoor,
    /// 左后翼子板.
    LeftRearWing,
    /// 右前翼子板.
    RightFrontWing,
    /// 右前门.
    RightFrontDoor,
    /// 右后门.
    RightRearDoor,
    /// 右后翼子板.
    RightRearWing,
    /// 左后视镜.
    LeftMirror,
    /// 右后视镜.
    RightMirror,
    /// 轮毂.
    Wheels,
}

impl Panel {
    /// The panel's name on the Chinese sheet.
    pub fn name_zh(self) -> &'static str {
        match self {
            Panel::FrontBumper => "前保险杠",
            Panel::Bonnet => "发动机盖",
            Panel::Windscreen => "前挡风玻璃",
            Panel::Roof => "车顶",
            Panel::RearWindow => "后挡风玻璃",
            Panel::BootLid => "行李箱盖",
            Panel::RearBumper => "后保险杠",
            Panel::LeftFrontWing => "左前翼子板",
            Panel::LeftFrontDoor => "左前门",
            Panel::LeftRearDoor => "左后门",
            Panel::LeftRearWing => "左后翼子板",
            Panel::RightFrontWing => "右前翼子板",
            Panel::RightFrontDoor => "右前门",
            Panel::RightRearDoor => "右后门",
            Panel::RightRearWing => "右后翼子板",
            Panel::LeftMirror => "左后视镜",
            Panel::RightMirror => "右后视镜",
            Panel::Wheels => "轮毂",
        }
    }
}

/// What is wrong with a panel.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Damage {
    /// 划痕.
    Scratch,
    /// 凹陷.
    Dent,
    /// 裂纹.
    Crack,
    /// 掉漆.
    Paint,
}

impl Damage {
    /// The damage's name on the Chinese sheet.
    pub fn name_zh(self) -> &'static str {
        match self {
            Damage::Scratch => "划痕",
            Damage::Dent => "凹陷",
            Damage::Crack => "裂纹",
            Damage::Paint => "掉漆",
        }
    }
}

/// A damage marked on a panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelDamage {
    /// Where.
    pub panel: Panel,
    /// What.
    pub damage: Damage,
    /// A word more (size, place), may be empty.
    pub note: String,
}

/// The reception sheet as the advisor records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The odometer.
    pub mileage_km: i32,
    /// The fuel gauge in eighths: 0 empty, 8 full.
    pub fuel_eighths: u8,
    /// Valuables left in the car (贵重物品), empty for none.
    pub valuables: String,
    /// Damage already on the car, one entry per panel and kind.
    pub damages: Vec<PanelDamage>,
    /// The customer's own words (问诊).
    pub customer_words: String,
    /// What the advisor found.
    pub findings: String,
}

/// The most damages one sheet marks: every panel with every kind.
pub const MOST_DAMAGES: usize = 18 * 4;

impl Inspection {
    /// A sheet from what the advisor entered: the odometer 0 to 2,000,000 km, the fuel
    /// 0 to 8 eighths, texts within their limits, the customer's words required, each
    /// panel and kind marked once. Every bad field is named.
    pub fn parse(
        mileage_km: i32,
        fuel_eighths: i32,
        valuables: &str,
        damages: Vec<PanelDamage>,
        customer_words: &str,
        findings: &str,
    ) -> Result<Inspection, Error> {
        let mileage = if (0..=2_000_000).contains(&mileage_km) {
            Ok(mileage_km)
        } else {
            Err(Invalid::new(ErrorReason::FieldInvalid, "the odometer reads 0 to 2,000,000 km").at("mileage_km"))
        };
        let fuel = u8::try_from(fuel_eighths).ok().filter(|f| *f <= 8).ok_or_else(|| {
            Invalid::new(ErrorReason::FieldInvalid, "the fuel gauge is 0 (empty) to 8 (full) eighths")
                .at("fuel_eighths")
        });
        let words = required_text(customer_words, limits::LONG_TEXT_CHARS, "write what the customer says")
            .map_err(|e| e.at("customer_words"));
        let marked = check_damages(damages);
        let (mileage_km, fuel_eighths, valuables, damages, customer_words, findings) = all_valid((
            mileage,
            fuel,
            free_text(valuables, limits::SHORT_TEXT_CHARS).map_err(|e| e.at("valuables")),
            marked,
            words,
            free_text(findings, limits::LONG_TEXT_CHARS).map_err(|e| e.at("findings")),
        ))?;
        Ok(Inspection { mileage_km, fuel_eighths, valuables, damages, customer_words, findings })
    }
}

fn check_damages(mut damages: Vec<PanelDamage>) -> Result<Vec<PanelDamage>, Violation> {
    if damages.len() > MOST_DAMAGES {
        return Err(Invalid::new(ErrorReason::FieldInvalid, "at most one mark per panel and kind").at("damages"));
    }
    for d in &mut damages {
        d.note = free_text(&d.note, limits::SHORT_TEXT_CHARS).map_err(|e| e.at("damages.note"))?;
    }
    damages.sort_by_key(|d| (d.panel, d.damage));
    if damages.windows(2).any(|w| (w[0].panel, w[0].damage) == (w[1].panel, w[1].damage)) {
        return Err(
            Invalid::new(ErrorReason::FieldInvalid, "a panel is marked twice with the same damage").at("damages")
        );
    }
    Ok(damages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dent(panel: Panel) -> PanelDamage {
        PanelDamage { panel, damage: Damage::Dent, note: String::new() }
    }

    #[test]
    fn a_sheet_needs_the_customers_words_and_a_fuel_gauge_in_eighths() {
        let sheet = Inspection::parse(12_000, 3, "行车记录仪", vec![dent(Panel::RearBumper)], "刹车异响", "");
        assert_eq!(sheet.expect("valid").fuel_eighths, 3);
        let Err(Error::Invalid(errors)) = Inspection::parse(-1, 9, "", vec![], " ", "") else { panic!("invalid") };
        let fields: Vec<_> = errors.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["mileage_km", "fuel_eighths", "customer_words"]);
    }

    #[test]
    fn a_panel_is_marked_once_per_kind_of_damage() {
        let twice = vec![dent(Panel::Bonnet), dent(Panel::Bonnet)];
        let Err(Error::Invalid(errors)) = Inspection::parse(1, 8, "", twice, "保养", "") else { panic!("twice") };
        assert_eq!(errors[0].field, "damages");
        let scratch = PanelDamage { damage: Damage::Scratch, ..dent(Panel::Bonnet) };
        assert!(Inspection::parse(1, 8, "", vec![dent(Panel::Bonnet), scratch], "保养", "").is_ok());
    }
}
