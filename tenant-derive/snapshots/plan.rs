///The table and columns of [`Plan`], a table that belongs to no organization, as sea-query identifiers.
#[derive(
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::fmt::Debug,
    ::core::cmp::PartialEq,
    ::core::cmp::Eq,
    ::core::hash::Hash,
)]
pub enum PlanIden {
    ///The table `plans`.
    Table,
    ///The column `id`.
    Id,
    ///The column `name`.
    Name,
    ///The column `monthly_cents`.
    Price,
}
const _: () = {
    use ::tenant_core::__private as __tenant_core_private;
    #[automatically_derived]
    impl __tenant_core_private::sea_query::IdenStatic for PlanIden {
        fn as_str(&self) -> &'static str {
            match *self {
                PlanIden::Table => "plans",
                PlanIden::Id => "id",
                PlanIden::Name => "name",
                PlanIden::Price => "monthly_cents",
            }
        }
    }
    #[automatically_derived]
    impl __tenant_core_private::sea_query::Iden for PlanIden {
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
    impl __tenant_core_private::AnyTable for Plan {
        type PrimaryKey = <Self as __tenant_core_private::GlobalTable>::PrimaryKey;
        type Owner = __tenant_core_private::NoOrganization;
        const TABLE: __tenant_core_private::TableInfo = <Self as __tenant_core_private::GlobalTable>::__TABLE;
    }
    #[automatically_derived]
    impl __tenant_core_private::GlobalTable for Plan {
        type Column = PlanIden;
        type PrimaryKey = Uuid;
        type __KeyValues = [__tenant_core_private::sea_query::Value; 1];
        const __TABLE: __tenant_core_private::TableInfo = __tenant_core_private::TableInfo {
            name: "plans",
            schema: __tenant_core_private::Option::None,
            tenant: "",
            columns: &[
                __tenant_core_private::ColumnInfo {
                    name: "id",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<Uuid>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "name",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<String>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "monthly_cents",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<i64>(),
                },
            ],
            primary_key: &["id"],
            indexes: &[],
            unique: &[&["name"]],
            organizations: __tenant_core_private::Organizations::DEFAULT,
        };
        const COLUMNS: &'static [&'static str] = &["id", "name", "monthly_cents"];
        fn primary_key(&self) -> Self::PrimaryKey {
            __tenant_core_private::Clone::clone(&self.id)
        }
        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let __tenant_key0 = __tenant_key;
            [__tenant_core_private::Into::into(__tenant_key0)]
        }
        fn __values(
            &self,
        ) -> __tenant_core_private::Vec<__tenant_core_private::sea_query::Expr> {
            ::std::vec![
                __tenant_core_private::sea_query::Expr::Value(< Uuid as
                __tenant_core_private::ColumnValue > ::column_value(& self.id)),
                __tenant_core_private::sea_query::Expr::Value(< String as
                __tenant_core_private::ColumnValue > ::column_value(& self.name)),
                __tenant_core_private::sea_query::Expr::Value(< i64 as
                __tenant_core_private::ColumnValue > ::column_value(& self.price))
            ]
        }
    }
    __tenant_core_private::register!(global Plan);
};
