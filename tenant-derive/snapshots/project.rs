///The table and columns of [`Project`], as sea-query identifiers. The tenant column is the associated constant `ProjectIden::OrganizationId`.
#[derive(
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::fmt::Debug,
    ::core::cmp::PartialEq,
    ::core::cmp::Eq,
    ::core::hash::Hash,
)]
pub enum ProjectIden {
    ///The table `projects`.
    Table,
    ///The column `id`.
    Id,
    ///The column `name`.
    Name,
    ///The column `is_archived`.
    Archived,
}
const _: () = {
    #[automatically_derived]
    impl ::tenant_core::__private::sea_query::IdenStatic for ProjectIden {
        fn as_str(&self) -> &'static str {
            match *self {
                ProjectIden::Table => "projects",
                ProjectIden::Id => "id",
                ProjectIden::Name => "name",
                ProjectIden::Archived => "is_archived",
            }
        }
    }
    #[automatically_derived]
    impl ::tenant_core::__private::sea_query::Iden for ProjectIden {
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
    impl ProjectIden {
        ///The tenant column `organization_id`. Conditions and ordering may name it; an update cannot set it.
        pub const OrganizationId: ::tenant_core::__private::TenantColumn<ProjectIden> = ::tenant_core::__private::TenantColumn::__new(
            "organization_id",
        );
    }
    #[automatically_derived]
    impl ::tenant_core::__private::SetColumn<Project> for ProjectIden {
        fn __column(self) -> ProjectIden {
            self
        }
    }
    #[automatically_derived]
    impl ::tenant_core::__private::RowValues for Project {}
    #[automatically_derived]
    impl ::tenant_core::__private::TenantScoped for Project {
        type Key = Uuid;
        type Column = ProjectIden;
        type PrimaryKey = Uuid;
        type __KeyValues = [::tenant_core::__private::sea_query::Value; 1];
        const TABLE: &'static str = "projects";
        const SCHEMA: ::tenant_core::__private::Option<&'static str> = ::tenant_core::__private::Option::None;
        const TENANT_COLUMN: &'static str = "organization_id";
        const COLUMNS: &'static [&'static str] = &[
            "id",
            "organization_id",
            "name",
            "is_archived",
        ];
        const PRIMARY_KEY: &'static [&'static str] = &["id"];
        const __SQL_TYPES: &'static [::tenant_core::__private::SqlTypeOf] = &[
            ::tenant_core::__private::SqlTypeOf::of::<Uuid>(),
            ::tenant_core::__private::SqlTypeOf::of::<String>(),
            ::tenant_core::__private::SqlTypeOf::of::<bool>(),
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
                ::tenant_core::__private::sea_query::Expr::from(< Uuid as
                ::tenant_core::__private::ColumnValue > ::column_value(& self.id)),
                __tenant_value, ::tenant_core::__private::sea_query::Expr::from(< String
                as ::tenant_core::__private::ColumnValue > ::column_value(& self.name)),
                ::tenant_core::__private::sea_query::Expr::from(< bool as
                ::tenant_core::__private::ColumnValue > ::column_value(& self.archived))
            ]
        }
    }
};
