//! Compiles `frontdesk/v1/*.proto` with protox (pure Rust, so no system `protoc`)
//! and generates the prost messages and tonic clients and servers from the result.
//! It also writes the encoded descriptor set, imports included, that the server
//! registers for gRPC reflection.

use std::path::PathBuf;

const PROTOS: &[&str] = &[
    "frontdesk/v1/errors.proto",
    "frontdesk/v1/resources.proto",
    "frontdesk/v1/kiosk.proto",
    "frontdesk/v1/appointment.proto",
    "frontdesk/v1/customer.proto",
    "frontdesk/v1/admin.proto",
    "frontdesk/v1/queue.proto",
    "frontdesk/v1/recall.proto",
    "frontdesk/v1/visit.proto",
    "frontdesk/v1/followup.proto",
    "frontdesk/v1/report.proto",
    "frontdesk/v1/workorder.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    for proto in PROTOS {
        println!("cargo:rerun-if-changed={proto}");
    }

    let mut compiler = protox::Compiler::new(["."])?;
    compiler.include_source_info(true);
    // Imports are included: prost-build must see google/protobuf/timestamp.proto to
    // type the fields (it maps them to prost-types), and reflection clients must be
    // able to fetch it too.
    compiler.include_imports(true);
    compiler.open_files(PROTOS)?;
    let files = compiler.file_descriptor_set();
    std::fs::write(out_dir.join("frontdesk_descriptor.bin"), compiler.encode_file_descriptor_set())?;

    tonic_prost_build::configure().build_client(true).build_server(true).compile_fds(files)?;
    Ok(())
}
