//! Compiles the kiosk's Slint UI. Debug builds carry debug info so the Slint testing
//! backend finds elements by accessible label; translations (zh_CN, en) are bundled.

fn main() {
    let debug = std::env::var("PROFILE").map(|p| p == "debug").unwrap_or(false);
    let config = slint_build::CompilerConfiguration::new()
        .with_debug_info(debug)
        .with_bundled_translations("lang")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    if let Err(error) = slint_build::compile_with_config("ui/main.slint", config) {
        eprintln!("{error}");
        std::process::exit(1);
    }
    println!("cargo:rerun-if-changed=lang");
}
