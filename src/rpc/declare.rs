//! The declaration: one row per procedure of libvirt's REMOTE program, from which its
//! wire structs, its driver slot (a trait method whose default answers "not supported"),
//! the remote client's body for that slot, the server's dispatch, the read-only check
//! and the procedure-name list are all derived. Facts (numbers, names, struct fields,
//! priorities, read-only or not) come from libvirt 9.0.0's `remote_protocol.x`; each
//! area of libvirt (host, domain, network, storage, ...) has its own table, in the
//! module that defines the area's driver trait.
//!
//! A row is
//!
//! ```text
//! /// doc
//! NUM CONST_NAME Marker access priority "virApi" { body }
//! ```
//!
//! `access` is `rw` (refused on a read-only connection with libvirt's "read only access
//! prevents virApi"), `ro`, or `msg` (a one-way message: events, never a call);
//! `priority` is `high` (libvirt's `@priority: high`: never waits on a guest) or `low`.
//! The body says what is generated:
//!
//! - `fn method(field: WireType, ...) -> RET`: a slot whose arguments are the wire
//!   fields (taken as [`Wire::Arg`](super::wire::Wire)), its client and its dispatch,
//!   all generated. `RET` is `()`, `field: WireType` (the method returns
//!   [`Wire::Value`](super::wire::Wire)), `{ fields }` (the method returns the `Ret`
//!   struct), or `RustType as { fields }` (the method returns `RustType`, converted with
//!   `From` both ways).
//! - `custom { args } -> { ret } fn method(rust args) -> RustType`: the slot is declared
//!   here with its own signature; the client's body is `remote_custom::method` and the
//!   server's is `serve_custom::method`, both written by hand beside the table (libvirt
//!   hand-writes the same ones: two-step typed-parameter calls, limits checked by the
//!   server, ...).
//! - `alias { args } -> RET with |driver, args| expr`: an older procedure the server still
//!   answers through a newer slot (`DOMAIN_CREATE` through `domain_create_with_flags`);
//!   the client never sends it.
//! - `stream(SPARSE) fn method(field: WireType, ...) -> RET`: a procedure that opens a
//!   data stream (libvirt's `@readstream`/`@writestream`): as `fn`, but the slot returns
//!   `(value, Stream)` ([`crate::driver::stream`]); the client binds the stream to the
//!   call's serial, the daemon pumps it as STREAM packets after the reply. `SPARSE` is an
//!   expression over the fields saying whether holes may travel (`flags & 1 != 0`).
//! - `daemon ArgsType => RetType`: answered by the daemon itself (authentication, open,
//!   event registration, messages); only the types and the marker are declared here.
//! - `{}`: not served yet. The daemon answers libvirt's "this function is not supported
//!   by the connection driver: virApi" after the read-only check.
//!
//! Each table makes a `wire` module (the structs and one marker type per procedure
//! implementing [`Procedure`](super::protocol::Procedure)), the trait, the remote
//! client's `impl`, `serve` (dispatch by number), `PROCEDURES` (every row) and
//! `reencode_payload` (for the fuzz target).

/// See the module docs.
#[macro_export]
macro_rules! declare_procedures {
    (
        $(#[$tdoc:meta])*
        trait $Trait:ident;
        $(
            $(#[$doc:meta])*
            $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal { $($body:tt)* }
        )*
    ) => {
        /// The wire structs and procedure markers of this table.
        pub mod wire {
            #![allow(unused_imports)]
            use super::*;
            use $crate::rpc::xdr::*;
            $( $crate::declare_procedures!(@structs $num $cname $marker $access $prio $api { $($body)* }); )*
        }

        /// Procedure numbers of this table by name.
        pub mod num {
            $( pub const $cname: i32 = $num; )*
        }

        $(#[$tdoc])*
        pub trait $Trait: Send + Sync {
            $( $crate::declare_procedures!(@method [$(#[$doc])*] $marker $api { $($body)* }); )*
        }

        impl $Trait for $crate::driver::remote::RemoteConnection {
            $( $crate::declare_procedures!(@client $marker { $($body)* }); )*
        }

        /// Serves procedure `num` of this table: decodes its arguments, asks `conn` for
        /// the caller's connection (driver, read-only), checks read-only access, calls
        /// the slot and encodes its result. None when the table has no such procedure
        /// or the daemon answers it itself.
        #[allow(unused_variables)]
        pub fn serve(
            num: i32,
            payload: &[u8],
            conn: &dyn Fn() -> $crate::error::Result<(std::sync::Arc<dyn $crate::driver::Driver>, bool)>,
        ) -> Option<$crate::error::Result<Vec<u8>>> {
            match num {
                $( $num => $crate::declare_procedures!(@serve $Trait $marker $api payload conn { $($body)* }), )*
                _ => None,
            }
        }

        /// Every procedure of this table, sorted by number.
        pub static PROCEDURES: &[$crate::rpc::protocol::ProcInfo] = &[$(
            $crate::rpc::protocol::ProcInfo {
                num: $num,
                name: concat!("REMOTE_PROC_", stringify!($cname)),
                api: $api,
                write: $crate::declare_procedures!(@write $access),
                high_priority: $crate::declare_procedures!(@high $prio),
                kind: $crate::declare_procedures!(@kind $access),
                slot: $crate::declare_procedures!(@slot { $($body)* }),
            }
        ),*];

        const _: () = assert!(
            $crate::rpc::protocol::strictly_increasing(&[$($num),*]),
            "procedure table must be sorted by number, without duplicates"
        );

        /// Procedure `num`'s arguments with every field empty or zero, encoded; None when
        /// the table declares no types for it. (The support matrix calls each slot so.)
        pub fn default_args(num: i32) -> Option<Vec<u8>> {
            match num {
                $( $num => $crate::declare_procedures!(@default_args $marker { $($body)* }), )*
                _ => None,
            }
        }

        /// Decodes `payload` as the arguments (`args`) or the return value of procedure
        /// `num` and encodes it again; None when the table declares no types for it.
        #[allow(unused_variables)]
        pub fn reencode_payload(num: i32, args: bool, payload: &[u8]) -> Option<$crate::error::Result<Vec<u8>>> {
            match num {
                $( $num => $crate::declare_procedures!(@reencode $marker args payload { $($body)* }), )*
                _ => None,
            }
        }
    };

    // ---- columns ------------------------------------------------------------------------
    (@default_args $marker:ident {}) => { None };
    (@default_args $marker:ident { $($body:tt)+ }) => {{
        use $crate::rpc::protocol::Procedure;
        use $crate::rpc::xdr::Xdr;
        Some(<<wire::$marker as Procedure>::Args as Default>::default().to_xdr())
    }};

    (@write rw) => { true };
    (@write ro) => { false };
    (@write msg) => { false };
    (@kind msg) => { $crate::rpc::protocol::Kind::Message };
    (@kind $other:ident) => { $crate::rpc::protocol::Kind::Call };
    (@high high) => { true };
    (@high low) => { false };
    (@slot {}) => { $crate::rpc::protocol::Slot::Missing };
    (@slot { daemon $($rest:tt)* }) => { $crate::rpc::protocol::Slot::Daemon };
    (@slot { $($rest:tt)+ }) => { $crate::rpc::protocol::Slot::Driver };

    // ---- wire structs and the marker ----------------------------------------------------
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal {}) => {};
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal
        { daemon $args:ty => $ret:ty }) => {
        $crate::declare_procedures!(@marker $num $cname $marker $access $prio $api $args, $ret);
    };
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal
        { fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        paste::paste! {
            $crate::xdr_struct! { #[doc = concat!("`remote_", stringify!([<$cname:lower>]), "_args`")] pub struct [<$marker Args>] { $(pub $p: $pt),* } }
            $crate::declare_procedures!(@ret_struct [<$marker Ret>] $cname $($ret)+);
            $crate::declare_procedures!(@marker $num $cname $marker $access $prio $api [<$marker Args>], [<$marker Ret>]);
        }
    };
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal
        { stream ( $sparse:expr ) fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        $crate::declare_procedures!(@structs $num $cname $marker $access $prio $api { fn $m ( $($p : $pt),* ) -> $($ret)+ });
    };
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal
        { alias { $($p:ident : $pt:ty),* $(,)? } -> $($rest:tt)+ }) => {
        paste::paste! {
            $crate::xdr_struct! { #[doc = concat!("`remote_", stringify!([<$cname:lower>]), "_args`")] pub struct [<$marker Args>] { $(pub $p: $pt),* } }
            $crate::declare_procedures!(@alias_ret_struct [<$marker Ret>] $cname $($rest)+);
            $crate::declare_procedures!(@marker $num $cname $marker $access $prio $api [<$marker Args>], [<$marker Ret>]);
        }
    };
    (@structs $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal
        { custom { $($p:ident : $pt:ty),* $(,)? } -> { $($rf:ident : $rt:ty),* $(,)? } fn $($sig:tt)+ }) => {
        paste::paste! {
            $crate::xdr_struct! { #[doc = concat!("`remote_", stringify!([<$cname:lower>]), "_args`")] pub struct [<$marker Args>] { $(pub $p: $pt),* } }
            $crate::xdr_struct! { #[doc = concat!("`remote_", stringify!([<$cname:lower>]), "_ret`")] pub struct [<$marker Ret>] { $(pub $rf: $rt),* } }
            $crate::declare_procedures!(@marker $num $cname $marker $access $prio $api [<$marker Args>], [<$marker Ret>]);
        }
    };

    (@alias_ret_struct $name:ident $cname:ident () with $($rest:tt)+) => {
        $crate::declare_procedures!(@ret_struct $name $cname ());
    };
    (@alias_ret_struct $name:ident $cname:ident $rf:ident : $rt:ty => with $($rest:tt)+) => {
        $crate::declare_procedures!(@ret_struct $name $cname $rf: $rt);
    };
    (@alias_ret_struct $name:ident $cname:ident { $($rf:ident : $rt:ty),* $(,)? } with $($rest:tt)+) => {
        $crate::declare_procedures!(@ret_struct $name $cname { $($rf: $rt),* });
    };

    (@ret_struct $name:ident $cname:ident ()) => {
        $crate::xdr_struct! { pub struct $name {} }
    };
    (@ret_struct $name:ident $cname:ident { $($rf:ident : $rt:ty),* $(,)? }) => {
        $crate::xdr_struct! { pub struct $name { $(pub $rf: $rt),* } }
    };
    (@ret_struct $name:ident $cname:ident $rf:ident : $rt:ty) => {
        $crate::xdr_struct! { pub struct $name { pub $rf: $rt } }
    };
    (@ret_struct $name:ident $cname:ident $rust:ty as { $($rf:ident : $rt:ty),* $(,)? }) => {
        $crate::xdr_struct! { pub struct $name { $(pub $rf: $rt),* } }
    };

    (@marker $num:literal $cname:ident $marker:ident $access:ident $prio:ident $api:literal $args:ty, $ret:ty) => {
        #[doc = concat!("`REMOTE_PROC_", stringify!($cname), "` = ", stringify!($num))]
        #[derive(Clone, Copy, Debug)]
        pub struct $marker;

        impl $crate::rpc::protocol::Procedure for $marker {
            const PROGRAM: u32 = $crate::rpc::protocol::REMOTE_PROGRAM;
            const NUM: i32 = $num;
            const NAME: &'static str = concat!("REMOTE_PROC_", stringify!($cname));
            const WRITE: bool = $crate::declare_procedures!(@write $access);
            const HIGH_PRIORITY: bool = $crate::declare_procedures!(@high $prio);
            const KIND: $crate::rpc::protocol::Kind = $crate::declare_procedures!(@kind $access);
            const API: &'static str = $api;
            type Args = $args;
            type Ret = $ret;
        }
    };

    // ---- the slot ---------------------------------------------------------------------
    (@method [$($doc:tt)*] $marker:ident $api:literal {}) => {};
    (@method [$($doc:tt)*] $marker:ident $api:literal { daemon $($rest:tt)* }) => {};
    (@method [$($doc:tt)*] $marker:ident $api:literal { alias $($rest:tt)* }) => {};
    (@method [$($doc:tt)*] $marker:ident $api:literal { fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        $($doc)*
        #[doc = concat!("\n\nServes `", $api, "`.")]
        fn $m(&self $(, $p: <$pt as $crate::rpc::wire::Wire>::Arg<'_>)*)
            -> $crate::error::Result<$crate::declare_procedures!(@ret_type $marker $($ret)+)> {
            $( let _ = $p; )*
            $crate::driver::unsupported($api)
        }
    };
    (@method [$($doc:tt)*] $marker:ident $api:literal { stream ( $sparse:expr ) fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        $($doc)*
        #[doc = concat!("\n\nServes `", $api, "`: the value, and the stream it opened.")]
        fn $m(&self $(, $p: <$pt as $crate::rpc::wire::Wire>::Arg<'_>)*)
            -> $crate::error::Result<($crate::declare_procedures!(@ret_type $marker $($ret)+), $crate::driver::stream::Stream)> {
            $( let _ = $p; )*
            $crate::driver::unsupported($api)
        }
    };
    (@method [$($doc:tt)*] $marker:ident $api:literal { custom { $($wire:tt)* } -> { $($wret:tt)* }
        fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $rt:ty }) => {
        $($doc)*
        #[doc = concat!("\n\nServes `", $api, "`.")]
        fn $m(&self $(, $p: $pt)*) -> $crate::error::Result<$rt> {
            $( let _ = $p; )*
            $crate::driver::unsupported($api)
        }
    };

    (@ret_type $marker:ident ()) => { () };
    (@ret_type $marker:ident { $($rest:tt)* }) => { paste::paste!(wire::[<$marker Ret>]) };
    (@ret_type $marker:ident $rf:ident : $rt:ty) => { <$rt as $crate::rpc::wire::Wire>::Value };
    (@ret_type $marker:ident $rust:ty as { $($rest:tt)* }) => { $rust };

    // ---- the remote client's body -------------------------------------------------------
    (@client $marker:ident {}) => {};
    (@client $marker:ident { daemon $($rest:tt)* }) => {};
    (@client $marker:ident { alias $($rest:tt)* }) => {};
    (@client $marker:ident { fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        fn $m(&self $(, $p: <$pt as $crate::rpc::wire::Wire>::Arg<'_>)*)
            -> $crate::error::Result<$crate::declare_procedures!(@ret_type $marker $($ret)+)> {
            paste::paste! {
                let args = wire::[<$marker Args>] { $( $p: <$pt as $crate::rpc::wire::Wire>::from_arg($p) ),* };
            }
            let ret = self.call::<wire::$marker>(&args)?;
            Ok($crate::declare_procedures!(@ret_from_wire ret $($ret)+))
        }
    };
    (@client $marker:ident { stream ( $sparse:expr ) fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        fn $m(&self $(, $p: <$pt as $crate::rpc::wire::Wire>::Arg<'_>)*)
            -> $crate::error::Result<($crate::declare_procedures!(@ret_type $marker $($ret)+), $crate::driver::stream::Stream)> {
            let sparse: bool = $sparse;
            paste::paste! {
                let args = wire::[<$marker Args>] { $( $p: <$pt as $crate::rpc::wire::Wire>::from_arg($p) ),* };
            }
            let (ret, stream) = self.call_stream::<wire::$marker>(&args, sparse)?;
            Ok(($crate::declare_procedures!(@ret_from_wire ret $($ret)+), stream))
        }
    };
    (@client $marker:ident { custom { $($wire:tt)* } -> { $($wret:tt)* } fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $rt:ty }) => {
        fn $m(&self $(, $p: $pt)*) -> $crate::error::Result<$rt> {
            remote_custom::$m(self $(, $p)*)
        }
    };

    (@ret_from_wire $ret:ident ()) => { { let _ = $ret; } };
    (@ret_from_wire $ret:ident { $($rest:tt)* }) => { $ret };
    (@ret_from_wire $ret:ident $rf:ident : $rt:ty) => { <$rt as $crate::rpc::wire::Wire>::into_value($ret.$rf) };
    (@ret_from_wire $ret:ident $rust:ty as { $($rest:tt)* }) => { <$rust>::from($ret) };

    // ---- the server's dispatch ----------------------------------------------------------
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident {}) => { None };
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident { daemon $($rest:tt)* }) => { None };
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident { fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        Some((|| -> $crate::error::Result<Vec<u8>> {
            let (d, a, _read_only) = $crate::rpc::declare::prepare::<wire::$marker>($payload, $conn)?;
            let d: &dyn $Trait = &*d;
            let v = d.$m($( <$pt as $crate::rpc::wire::Wire>::arg(&a.$p) ),*)?;
            Ok($crate::rpc::xdr::Xdr::to_xdr(&$crate::declare_procedures!(@ret_to_wire $marker v $($ret)+)))
        })())
    };
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident { stream ( $sparse:expr ) fn $m:ident ( $($p:ident : $pt:ty),* $(,)? ) -> $($ret:tt)+ }) => {
        Some((|| -> $crate::error::Result<Vec<u8>> {
            let (d, a, _read_only) = $crate::rpc::declare::prepare::<wire::$marker>($payload, $conn)?;
            let d: &dyn $Trait = &*d;
            let (v, stream) = d.$m($( <$pt as $crate::rpc::wire::Wire>::arg(&a.$p) ),*)?;
            let payload = $crate::rpc::xdr::Xdr::to_xdr(&$crate::declare_procedures!(@ret_to_wire $marker v $($ret)+));
            $crate::driver::stream::hand_to_daemon(stream);
            Ok(payload)
        })())
    };
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident { alias { $($p:ident : $pt:ty),* $(,)? } -> $($rest:tt)+ }) => {
        Some((|| -> $crate::error::Result<Vec<u8>> {
            let (d, a, _read_only) = $crate::rpc::declare::prepare::<wire::$marker>($payload, $conn)?;
            let d: &dyn $Trait = &*d;
            $crate::declare_procedures!(@alias_call $marker d a $($rest)+)
        })())
    };
    (@serve $Trait:ident $marker:ident $api:literal $payload:ident $conn:ident { custom { $($wire:tt)* } -> { $($wret:tt)* } fn $m:ident $($rest:tt)* }) => {
        Some((|| -> $crate::error::Result<Vec<u8>> {
            let (d, a, read_only) = $crate::rpc::declare::prepare::<wire::$marker>($payload, $conn)?;
            let d: &dyn $Trait = &*d;
            let ret: paste::paste!(wire::[<$marker Ret>]) = serve_custom::$m(d, a, read_only)?;
            Ok($crate::rpc::xdr::Xdr::to_xdr(&ret))
        })())
    };

    (@alias_call $marker:ident $d:ident $a:ident () with |$dv:ident, $av:ident| $e:expr) => {{
        let ($dv, $av) = ($d, $a);
        let v: () = $e?;
        Ok($crate::rpc::xdr::Xdr::to_xdr(&$crate::declare_procedures!(@ret_to_wire $marker v ())))
    }};
    (@alias_call $marker:ident $d:ident $a:ident $rf:ident : $rt:ty => with |$dv:ident, $av:ident| $e:expr) => {{
        let ($dv, $av) = ($d, $a);
        let v = $e?;
        Ok($crate::rpc::xdr::Xdr::to_xdr(&$crate::declare_procedures!(@ret_to_wire $marker v $rf: $rt)))
    }};
    (@alias_call $marker:ident $d:ident $a:ident { $($rest:tt)* } with |$dv:ident, $av:ident| $e:expr) => {{
        let ($dv, $av) = ($d, $a);
        let v = $e?;
        Ok($crate::rpc::xdr::Xdr::to_xdr(&$crate::declare_procedures!(@ret_to_wire $marker v { $($rest)* })))
    }};

    (@ret_to_wire $marker:ident $v:ident ()) => { { let () = $v; paste::paste!(wire::[<$marker Ret>] {}) } };
    (@ret_to_wire $marker:ident $v:ident { $($rest:tt)* }) => { $v };
    (@ret_to_wire $marker:ident $v:ident $rf:ident : $rt:ty) => {
        paste::paste!(wire::[<$marker Ret>] { $rf: <$rt as $crate::rpc::wire::Wire>::from_value($v)? })
    };
    (@ret_to_wire $marker:ident $v:ident $rust:ty as { $($rest:tt)* }) => { paste::paste!(wire::[<$marker Ret>]::from($v)) };

    // ---- the fuzz target's re-encoding --------------------------------------------------
    (@reencode $marker:ident $args:ident $payload:ident {}) => { None };
    (@reencode $marker:ident $args:ident $payload:ident { $($body:tt)+ }) => {{
        use $crate::rpc::xdr::Xdr;
        use $crate::rpc::protocol::Procedure;
        Some(if $args {
            <<wire::$marker as Procedure>::Args as Xdr>::from_xdr($payload).map(|v| v.to_xdr())
        } else {
            <<wire::$marker as Procedure>::Ret as Xdr>::from_xdr($payload).map(|v| v.to_xdr())
        })
    }};
}

use std::sync::Arc;

use super::protocol::Procedure;
use super::xdr::{Reader, Xdr};
use crate::driver::Driver;
use crate::error::{Code, Domain, Error, Result};

/// The first steps of serving a call, in libvirtd's order: decode the arguments
/// ("Unable to decode message payload"; trailing bytes are tolerated, as libvirt's XDR
/// decoding does), find the caller's connection, check read-only access.
pub fn prepare<P: Procedure>(
    payload: &[u8],
    conn: &dyn Fn() -> Result<(Arc<dyn Driver>, bool)>,
) -> Result<(Arc<dyn Driver>, P::Args, bool)> {
    let args = P::Args::decode(&mut Reader::new(payload)).map_err(|_| rpc_error("Unable to decode message payload".into()))?;
    let (driver, read_only) = conn()?;
    P::INFO.check_access(read_only)?;
    Ok((driver, args, read_only))
}

/// `VIR_ERR_RPC` with `detail`, as libvirtd's dispatch reports a bad request.
pub fn rpc_error(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, detail)
}

/// `maxids`/`maxnames`/`maxcells` as libvirtd checks them before calling the driver.
pub fn check_max(n: i32, what: &str, limit: usize, limit_name: &str) -> Result<usize> {
    if n < 0 {
        return Err(rpc_error(format!("{what} must be non-negative")));
    }
    if n as usize > limit {
        return Err(rpc_error(format!("{what} > {limit_name}")));
    }
    Ok(n as usize)
}

/// libvirtd's internal error for a request over a limit ("maxinfo > REMOTE_VCPUINFO_MAX").
pub fn over_limit(detail: &str) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INTERNAL_ERROR, detail)
}
