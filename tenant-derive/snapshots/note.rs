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
    #[automatically_derived]
    impl ::tenant_core::__private::sea_query::IdenStatic for NoteIden {
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
    impl ::tenant_core::__private::sea_query::Iden for NoteIden {
        fn quoted(&self) -> ::std::borrow::Cow<'static, str> {
            ::std::borrow::Cow::Borrowed(
                ::tenant_core::__private::sea_query::IdenStatic::as_str(self),
            )
        }
        fn unquoted(&self) -> &str {
            ::tenant_core::__private::sea_query::IdenStatic::as_str(self)
        }
    }
    #[automatically_derived]
    #[allow(non_upper_case_globals)]
    impl NoteIden {
        ///The tenant column `organization_id`. Conditions and ordering may name it; an update cannot set it.
        pub const OrganizationId: ::tenant_core::__private::TenantColumn<NoteIden> = ::tenant_core::__private::TenantColumn::__new(
            "organization_id",
        );
    }
    #[automatically_derived]
    impl<'a, T> ::tenant_core::__private::SetColumn<Note<'a, T>> for NoteIden
    where
        T: ::tenant_core::__private::ColumnValue + ::tenant_core::__private::SqlType,
    {
        fn __column(self) -> NoteIden {
            self
        }
    }
    #[automatically_derived]
    impl<'a, T> ::tenant_core::__private::RowValues for Note<'a, T>
    where
        T: ::tenant_core::__private::ColumnValue + ::tenant_core::__private::SqlType,
    {}
    #[automatically_derived]
    impl<'a, T> ::tenant_core::__private::TenantScoped for Note<'a, T>
    where
        T: ::tenant_core::__private::ColumnValue + ::tenant_core::__private::SqlType,
    {
        type Key = Uuid;
        type Column = NoteIden;
        type PrimaryKey = i64;
        type __KeyValues = [::tenant_core::__private::sea_query::Value; 1];
        const TABLE: &'static str = "notes";
        const SCHEMA: ::tenant_core::__private::Option<&'static str> = ::tenant_core::__private::Option::None;
        const TENANT_COLUMN: &'static str = "organization_id";
        const COLUMNS: &'static [&'static str] = &[
            "id",
            "organization_id",
            "title",
            "body",
        ];
        const PRIMARY_KEY: &'static [&'static str] = &["id"];
        const __SQL_TYPES: &'static [::tenant_core::__private::SqlTypeOf] = &[
            ::tenant_core::__private::SqlTypeOf::of::<i64>(),
            ::tenant_core::__private::SqlTypeOf::of::<&'a str>(),
            ::tenant_core::__private::SqlTypeOf::of::<T>(),
        ];
        fn tenant_key(&self) -> &Self::Key {
            &self.organization_id
        }
        fn primary_key(&self) -> Self::PrimaryKey {
            ::tenant_core::__private::Clone::clone(&self.id)
        }
        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let __tenant_key0 = __tenant_key;
            [::tenant_core::__private::Into::into(__tenant_key0)]
        }
        fn __values(
            &self,
            __tenant_value: ::tenant_core::__private::sea_query::Expr,
        ) -> ::tenant_core::__private::Vec<::tenant_core::__private::sea_query::Expr> {
            ::std::vec![
                ::tenant_core::__private::sea_query::Expr::from(< i64 as
                ::tenant_core::__private::ColumnValue > ::column_value(& self.id)),
                __tenant_value, ::tenant_core::__private::sea_query::Expr::from(< & 'a
                str as ::tenant_core::__private::ColumnValue > ::column_value(& self
                .title)), ::tenant_core::__private::sea_query::Expr::from(< T as
                ::tenant_core::__private::ColumnValue > ::column_value(& self.body))
            ]
        }
    }
};
