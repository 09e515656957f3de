//! Protobuf enums and the domain's, matched by name: the wire's value
//! `LINE_KIND_LABOUR` is the domain's `LABOUR` (strum), so no hand-written map can
//! drift; `wire_enum!` writes both directions for one pair.

/// A domain enum from a protobuf enum's value name without its prefix; `None` for the
/// unspecified value and for values this server does not know.
pub(crate) fn from_wire<T: std::str::FromStr>(name: Option<&str>, prefix: &str) -> Option<T> {
    name?.strip_prefix(prefix)?.parse().ok()
}

/// A protobuf enum value from a domain enum's name (`LABOUR` → `LINE_KIND_LABOUR`); 0,
/// the unspecified value, for a name the wire lacks.
pub(crate) fn to_wire(prefix: &str, name: &'static str, parse: fn(&str) -> Option<i32>) -> i32 {
    parse(&format!("{prefix}{name}")).unwrap_or(0)
}

/// `wire_enum!(Domain, pb::Wire, "PREFIX_", from_fn, to to_fn)` writes `from_fn(i32) ->
/// Option<Domain>` and `to_fn(Domain) -> i32`; without `from_fn`, only the second; a
/// leading visibility applies to both.
macro_rules! wire_enum {
    ($vis:vis $domain:ty, $pb:ty, $prefix:literal, to $to:ident) => {
        $vis fn $to(value: $domain) -> i32 {
            $crate::grpc::enums::to_wire($prefix, value.into(), |n| <$pb>::from_str_name(n).map(|v| v as i32))
        }
    };
    ($vis:vis $domain:ty, $pb:ty, $prefix:literal, $from:ident, to $to:ident) => {
        $vis fn $from(value: i32) -> Option<$domain> {
            $crate::grpc::enums::from_wire(<$pb>::try_from(value).ok().map(|v| v.as_str_name()), $prefix)
        }
        $crate::grpc::enums::wire_enum!($vis $domain, $pb, $prefix, to $to);
    };
}

pub(crate) use wire_enum;
