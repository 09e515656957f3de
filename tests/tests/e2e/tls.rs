//! TLS from certificate and key files in the configuration.

use frontdesk_proto::client::{BearerToken, Connection};
use frontdesk_proto::v1 as pb;
use frontdesk_server::config::Tls;
use frontdesk_server::domain::Role;
use frontdesk_tests::TestServer;
use tonic::transport::{Certificate, ClientTlsConfig, Endpoint};

#[tokio::test]
async fn the_server_speaks_tls_when_given_a_certificate() {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, generated.cert.pem()).expect("writes");
    std::fs::write(&key, generated.signing_key.serialize_pem()).expect("writes");
    let tls = Tls { cert: cert.clone(), key };
    let server = TestServer::start_with(move |c| c.tls = Some(tls)).await;
    let port = server.running().addr.port();

    let ca = Certificate::from_pem(std::fs::read(&cert).expect("reads"));
    let channel = Endpoint::from_shared(format!("https://localhost:{port}"))
        .expect("url")
        .tls_config(ClientTlsConfig::new().ca_certificate(ca).domain_name("localhost"))
        .expect("tls")
        .connect()
        .await
        .expect("a TLS handshake with the configured certificate");
    let conn = Connection::new(channel, BearerToken::new(server.token(Role::Kiosk)).expect("token"));
    let types = conn.admin().list_service_types(pb::ListServiceTypesRequest::default()).await.expect("calls over TLS");
    assert_eq!(types.into_inner().service_types.len(), 4);

    let plain = Connection::connect(
        &format!("http://127.0.0.1:{port}"),
        BearerToken::new(server.token(Role::Kiosk)).expect("token"),
    )
    .await;
    let refused = match plain {
        Err(_) => true,
        Ok(conn) => conn.admin().list_service_types(pb::ListServiceTypesRequest::default()).await.is_err(),
    };
    assert!(refused, "plaintext is refused on a TLS port");
}
