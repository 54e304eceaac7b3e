///The table and columns of [`InvoiceLine`], as sea-query identifiers. The tenant column is the associated constant `InvoiceLineIden::TenantId`.
#[derive(
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::fmt::Debug,
    ::core::cmp::PartialEq,
    ::core::cmp::Eq,
    ::core::hash::Hash,
)]
pub(crate) enum InvoiceLineIden {
    ///The table `billing.invoice_lines`.
    Table,
    ///The column `invoice_id`.
    InvoiceId,
    ///The column `line`.
    Line,
    ///The column `amount`.
    Amount,
}
const _: () = {
    #[automatically_derived]
    impl crate::reexport::tenant::__private::sea_query::IdenStatic for InvoiceLineIden {
        fn as_str(&self) -> &'static str {
            match *self {
                InvoiceLineIden::Table => "invoice_lines",
                InvoiceLineIden::InvoiceId => "invoice_id",
                InvoiceLineIden::Line => "line",
                InvoiceLineIden::Amount => "amount",
            }
        }
    }
    #[automatically_derived]
    impl crate::reexport::tenant::__private::sea_query::Iden for InvoiceLineIden {
        fn quoted(&self) -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(
                crate::reexport::tenant::__private::sea_query::IdenStatic::as_str(self),
            )
        }
        fn unquoted(&self) -> &str {
            crate::reexport::tenant::__private::sea_query::IdenStatic::as_str(self)
        }
    }
    #[automatically_derived]
    #[allow(non_upper_case_globals)]
    impl InvoiceLineIden {
        ///The tenant column `tenant_id`. Conditions and ordering may name it; an update cannot set it.
        pub const TenantId: crate::reexport::tenant::__private::TenantColumn<
            InvoiceLineIden,
        > = crate::reexport::tenant::__private::TenantColumn::__new("tenant_id");
    }
    #[automatically_derived]
    impl crate::reexport::tenant::__private::SetColumn<InvoiceLine> for InvoiceLineIden {
        fn __column(self) -> InvoiceLineIden {
            self
        }
    }
    #[automatically_derived]
    impl crate::reexport::tenant::__private::RowValues for InvoiceLine {}
    #[automatically_derived]
    impl crate::reexport::tenant::__private::TenantScoped for InvoiceLine {
        type Key = OrgId;
        type Column = InvoiceLineIden;
        type PrimaryKey = (Uuid, i32);
        type __KeyValues = [crate::reexport::tenant::__private::sea_query::Value; 2];
        const TABLE: &'static str = "invoice_lines";
        const SCHEMA: crate::reexport::tenant::__private::Option<&'static str> = crate::reexport::tenant::__private::Option::Some(
            "billing",
        );
        const TENANT_COLUMN: &'static str = "tenant_id";
        const COLUMNS: &'static [&'static str] = &[
            "invoice_id",
            "line",
            "tenant_id",
            "amount",
        ];
        const PRIMARY_KEY: &'static [&'static str] = &["invoice_id", "line"];
        const __SQL_TYPES: &'static [crate::reexport::tenant::__private::SqlTypeOf] = &[
            crate::reexport::tenant::__private::SqlTypeOf::of::<Uuid>(),
            crate::reexport::tenant::__private::SqlTypeOf::of::<i32>(),
            crate::reexport::tenant::__private::SqlTypeOf::of::<i64>(),
        ];
        fn tenant_key(&self) -> &Self::Key {
            &self.tenant_id
        }
        fn primary_key(&self) -> Self::PrimaryKey {
            (
                crate::reexport::tenant::__private::Clone::clone(&self.invoice_id),
                crate::reexport::tenant::__private::Clone::clone(&self.line),
            )
        }
        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let (__tenant_key0, __tenant_key1) = __tenant_key;
            [
                crate::reexport::tenant::__private::Into::into(__tenant_key0),
                crate::reexport::tenant::__private::Into::into(__tenant_key1),
            ]
        }
        fn __values(
            &self,
            __tenant_value: crate::reexport::tenant::__private::sea_query::Expr,
        ) -> crate::reexport::tenant::__private::Vec<
            crate::reexport::tenant::__private::sea_query::Expr,
        > {
            ::std::vec![
                crate ::reexport::tenant::__private::sea_query::Expr::from(< Uuid as
                crate ::reexport::tenant::__private::ColumnValue > ::column_value(& self
                .invoice_id)), crate
                ::reexport::tenant::__private::sea_query::Expr::from(< i32 as crate
                ::reexport::tenant::__private::ColumnValue > ::column_value(& self
                .line)), __tenant_value, crate
                ::reexport::tenant::__private::sea_query::Expr::from(< i64 as crate
                ::reexport::tenant::__private::ColumnValue > ::column_value(& self
                .amount))
            ]
        }
    }
};
