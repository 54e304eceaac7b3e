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
    use ::tenant_core::__private as __tenant_core_private;
    #[automatically_derived]
    impl __tenant_core_private::sea_query::IdenStatic for ProjectIden {
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
    impl __tenant_core_private::sea_query::Iden for ProjectIden {
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
    impl ProjectIden {
        ///The tenant column `organization_id`. Conditions and ordering may name it; an update cannot set it.
        pub const OrganizationId: __tenant_core_private::TenantColumn<ProjectIden> = __tenant_core_private::TenantColumn::__new(
            "organization_id",
        );
    }
    #[automatically_derived]
    impl __tenant_core_private::SetColumn<Project> for ProjectIden {}
    #[automatically_derived]
    impl __tenant_core_private::RowValues for Project {}
    #[automatically_derived]
    impl __tenant_core_private::TenantScoped for Project {
        type Key = Uuid;
        type Column = ProjectIden;
        type PrimaryKey = Uuid;
        type __KeyValues = [__tenant_core_private::sea_query::Value; 1];
        const __TABLE: __tenant_core_private::TableInfo = __tenant_core_private::TableInfo {
            name: "projects",
            schema: __tenant_core_private::Option::None,
            tenant: "organization_id",
            columns: &[
                __tenant_core_private::ColumnInfo {
                    name: "id",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<Uuid>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "organization_id",
                    sql_type: __tenant_core_private::SqlTypeOf::tenant::<Self>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "name",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<String>(),
                },
                __tenant_core_private::ColumnInfo {
                    name: "is_archived",
                    sql_type: __tenant_core_private::SqlTypeOf::of::<bool>(),
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
            "name",
            "is_archived",
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
                __tenant_core_private::sea_query::Expr::Value(< Uuid as
                __tenant_core_private::ColumnValue > ::column_value(& self.id)),
                __tenant_value, __tenant_core_private::sea_query::Expr::Value(< String as
                __tenant_core_private::ColumnValue > ::column_value(& self.name)),
                __tenant_core_private::sea_query::Expr::Value(< bool as
                __tenant_core_private::ColumnValue > ::column_value(& self.archived))
            ]
        }
    }
    #[automatically_derived]
    impl __tenant_core_private::AnyTable for Project {
        type PrimaryKey = <Self as __tenant_core_private::TenantScoped>::PrimaryKey;
        type Owner = Uuid;
        const TABLE: __tenant_core_private::TableInfo = <Self as __tenant_core_private::TenantScoped>::__TABLE;
    }
    __tenant_core_private::register!(tenant Project);
};
