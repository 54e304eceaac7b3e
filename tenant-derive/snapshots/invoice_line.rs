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
    use crate::reexport::tenant::__private as __tenant_core_private;
    #[automatically_derived]
    impl __tenant_core_private::sea_query::IdenStatic for InvoiceLineIden {
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
    impl __tenant_core_private::sea_query::Iden for InvoiceLineIden {
        fn quoted(&self) -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(
                __tenant_core_private::sea_query::IdenStatic::as_str(self),
            )
        }
        fn unquoted(&self) -> &str {
            __tenant_core_private::sea_query::IdenStatic::as_str(self)
        }
    }
    #[automatically_derived]
    #[allow(non_upper_case_globals)]
    impl InvoiceLineIden {
        ///The tenant column `tenant_id`. Conditions and ordering may name it; an update cannot set it.
        pub const TenantId: __tenant_core_private::TenantColumn<InvoiceLineIden> = __tenant_core_private::TenantColumn::__new(
            "tenant_id",
        );
    }
    #[automatically_derived]
    impl __tenant_core_private::SetColumn<InvoiceLine> for InvoiceLineIden {}
    #[automatically_derived]
    impl __tenant_core_private::RowValues for InvoiceLine {}
    #[automatically_derived]
    impl __tenant_core_private::TenantScoped for InvoiceLine {
        type Key = OrgId;
        type Column = InvoiceLineIden;
        type PrimaryKey = (Uuid, i32);
        type __KeyValues = [__tenant_core_private::sea_query::Value; 2];
        const __TABLE: __tenant_core_private::TableInfo = __tenant_core_private::TableInfo {
            name: "invoice_lines",
            schema: __tenant_core_private::Option::Some("billing"),
            tenant: "tenant_id",
            columns: &[
                __tenant_core_private::ColumnInfo {
                    name: "invoice_id",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<Uuid>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "line",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<i32>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "tenant_id",
                    sql_type: __tenant_core_private::SqlTypeOf::tenant::<Self>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "amount",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<i64>(),
                },
            ],
            primary_key: &["invoice_id", "line"],
            indexes: &[],
            unique: &[],
            organizations: __tenant_core_private::Organizations::DEFAULT,
        };
        const COLUMNS: &'static [&'static str] = &[
            "invoice_id",
            "line",
            "tenant_id",
            "amount",
        ];
        fn primary_key(&self) -> Self::PrimaryKey {
            (
                __tenant_core_private::Clone::clone(&self.invoice_id),
                __tenant_core_private::Clone::clone(&self.line),
            )
        }
        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let (__tenant_key0, __tenant_key1) = __tenant_key;
            [
                __tenant_core_private::Into::into(__tenant_key0),
                __tenant_core_private::Into::into(__tenant_key1),
            ]
        }
        fn tenant_key(&self) -> &Self::Key {
            &self.tenant_id
        }
        fn __values(
            &self,
            __tenant_value: __tenant_core_private::sea_query::Expr,
        ) -> __tenant_core_private::Vec<__tenant_core_private::sea_query::Expr> {
            ::std::vec![
                __tenant_core_private::sea_query::Expr::Value(< Uuid as
                __tenant_core_private::ColumnValue > ::column_value(& self.invoice_id)),
                __tenant_core_private::sea_query::Expr::Value(< i32 as
                __tenant_core_private::ColumnValue > ::column_value(& self.line)),
                __tenant_value, __tenant_core_private::sea_query::Expr::Value(< i64 as
                __tenant_core_private::ColumnValue > ::column_value(& self.amount))
            ]
        }
    }
    #[automatically_derived]
    impl __tenant_core_private::AnyTable for InvoiceLine {
        type PrimaryKey = <Self as __tenant_core_private::TenantScoped>::PrimaryKey;
        type Owner = OrgId;
        const TABLE: __tenant_core_private::TableInfo = <Self as __tenant_core_private::TenantScoped>::__TABLE;
    }
    __tenant_core_private::register!(tenant InvoiceLine);
};
