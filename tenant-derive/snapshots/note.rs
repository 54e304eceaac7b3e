///The table and columns of [`Note`], as sea-query identifiers. The tenant column is the associated constant `NoteIden::OrganizationId`.
#[derive(
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::fmt::Debug,
    ::core::cmp::PartialEq,
    ::core::cmp::Eq,
    ::core::hash::Hash,
)]
enum NoteIden {
    ///The table `notes`.
    Table,
    ///The column `id`.
    Id,
    ///The column `title`.
    Title,
    ///The column `body`.
    Body,
}
const _: () = {
    use ::tenant_core::__private as __tenant_core_private;
    #[automatically_derived]
    impl __tenant_core_private::sea_query::IdenStatic for NoteIden {
        fn as_str(&self) -> &'static str {
            match *self {
                NoteIden::Table => "notes",
                NoteIden::Id => "id",
                NoteIden::Title => "title",
                NoteIden::Body => "body",
            }
        }
    }
    #[automatically_derived]
    impl __tenant_core_private::sea_query::Iden for NoteIden {
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
    impl NoteIden {
        ///The tenant column `organization_id`. Conditions and ordering may name it; an update cannot set it.
        pub const OrganizationId: __tenant_core_private::TenantColumn<NoteIden> = __tenant_core_private::TenantColumn::__new(
            "organization_id",
        );
    }
    #[automatically_derived]
    impl<'a, T> __tenant_core_private::SetColumn<Note<'a, T>> for NoteIden
    where
        T: __tenant_core_private::ColumnValue + __tenant_core_private::SqlType,
    {}
    #[automatically_derived]
    impl<'a, T> __tenant_core_private::RowValues for Note<'a, T>
    where
        T: __tenant_core_private::ColumnValue + __tenant_core_private::SqlType,
    {}
    #[automatically_derived]
    impl<'a, T> __tenant_core_private::TenantScoped for Note<'a, T>
    where
        T: __tenant_core_private::ColumnValue + __tenant_core_private::SqlType,
    {
        type Key = Uuid;
        type Column = NoteIden;
        type PrimaryKey = i64;
        type __KeyValues = [__tenant_core_private::sea_query::Value; 1];
        const __TABLE: __tenant_core_private::TableInfo = __tenant_core_private::TableInfo {
            name: "notes",
            schema: __tenant_core_private::Option::None,
            tenant: "organization_id",
            columns: &[
                __tenant_core_private::ColumnInfo {
                    name: "id",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<i64>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "organization_id",
                    sql_type: __tenant_core_private::SqlTypeOf::tenant::<Self>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "title",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<&'a str>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "body",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<T>(),
                },
            ],
            primary_key: &["id"],
            indexes: &[],
            unique: &[],
            organizations: __tenant_core_private::Organizations::DEFAULT,
        };
        const COLUMNS: &'static [&'static str] = &[
            "id",
            "organization_id",
            "title",
            "body",
        ];
        fn primary_key(&self) -> Self::PrimaryKey {
            __tenant_core_private::Clone::clone(&self.id)
        }
        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let __tenant_key0 = __tenant_key;
            [__tenant_core_private::Into::into(__tenant_key0)]
        }
        fn tenant_key(&self) -> &Self::Key {
            &self.organization_id
        }
        fn __values(
            &self,
            __tenant_value: __tenant_core_private::sea_query::Expr,
        ) -> __tenant_core_private::Vec<__tenant_core_private::sea_query::Expr> {
            ::std::vec![
                __tenant_core_private::sea_query::Expr::Value(< i64 as
                __tenant_core_private::ColumnValue > ::column_value(& self.id)),
                __tenant_value, __tenant_core_private::sea_query::Expr::Value(< & 'a str
                as __tenant_core_private::ColumnValue > ::column_value(& self.title)),
                __tenant_core_private::sea_query::Expr::Value(< T as
                __tenant_core_private::ColumnValue > ::column_value(& self.body))
            ]
        }
    }
    #[automatically_derived]
    impl<'a, T> __tenant_core_private::AnyTable for Note<'a, T>
    where
        T: __tenant_core_private::ColumnValue + __tenant_core_private::SqlType,
    {
        type PrimaryKey = <Self as __tenant_core_private::TenantScoped>::PrimaryKey;
        type Owner = Uuid;
        const TABLE: __tenant_core_private::TableInfo = <Self as __tenant_core_private::TenantScoped>::__TABLE;
    }
};
