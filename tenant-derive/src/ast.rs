//! The derive's input, read ([`Input`]: the struct and its attributes as written) and checked
//! ([`Model`]: what [`crate::valid`] made of it, everything expansion needs).

use darling::{FromDeriveInput, FromField};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Path, Type, Visibility};

use crate::attr::{ContainerAttrs, FieldAttrs};

/// Which derive runs: the messages name it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `#[derive(TenantScoped)]`: a table whose rows belong to organizations.
    Tenant,
    /// `#[derive(GlobalTable)]`: a table whose rows belong to no organization.
    Global,
}

impl Kind {
    pub fn derive(self) -> &'static str {
        match self {
            Kind::Tenant => "TenantScoped",
            Kind::Global => "GlobalTable",
        }
    }
}

/// The struct as written: its attributes read, nothing checked across them.
pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub attrs: ContainerAttrs,
    /// The named fields with their attributes, in declaration order.
    pub fields: Vec<FieldAttrs>,
}

impl<'a> Input<'a> {
    /// Reads the struct's and every field's attributes; every mistake is reported, none stops the
    /// others.
    pub fn from_syn(original: &'a DeriveInput, kind: Kind) -> darling::Result<Input<'a>> {
        let mut errors = darling::Error::accumulator();
        let attrs = errors.handle(ContainerAttrs::from_derive_input(original));
        let named = errors.handle(named_fields(original, kind));
        let fields: Vec<FieldAttrs> = named
            .into_iter()
            .flatten()
            .filter_map(|field| errors.handle(FieldAttrs::from_field(field)))
            .collect();
        errors.finish()?;
        match attrs {
            Some(attrs) => Ok(Input {
                original,
                attrs,
                fields,
            }),
            // `finish` returned every error that left `attrs` unset.
            None => Err(darling::Error::custom(format!(
                "`{}` could not read this item",
                kind.derive()
            ))),
        }
    }
}

/// The struct's named fields, or why there are none.
fn named_fields(
    input: &DeriveInput,
    kind: Kind,
) -> darling::Result<&syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    let name = &input.ident;
    let derive = kind.derive();
    let (example, needs) = match kind {
        Kind::Tenant => (
            format!("struct {name} {{ id: Uuid, organization_id: Uuid, .. }}"),
            ", one of them the tenant column",
        ),
        Kind::Global => (format!("struct {name} {{ id: Uuid, .. }}"), ""),
    };
    let error = |span, message: String| Err(syn::Error::new(span, message).into());
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Ok(&fields.named),
            Fields::Unnamed(fields) => error(
                fields.paren_token.span.join(),
                format!("`{derive}` needs named fields{needs}: write `{example}`"),
            ),
            Fields::Unit => error(
                name.span(),
                format!("`{derive}` needs a struct with fields{needs}: write `{example}`"),
            ),
        },
        Data::Enum(data) => error(
            data.enum_token.span(),
            format!(
                "`{derive}` can only be derived for a struct with named fields (a table row), not an enum: write `{example}`"
            ),
        ),
        Data::Union(data) => error(
            data.union_token.span(),
            format!(
                "`{derive}` can only be derived for a struct with named fields (a table row), not a union: write `{example}`"
            ),
        ),
    }
}

/// What both derives check and generate from, checked: a table's shape. A `GlobalTable` is a
/// `Base`; a `TenantScoped` is a [`Model`], a `Base` with a tenant column.
pub struct Base {
    pub ident: Ident,
    pub vis: Visibility,
    pub generics: Generics,
    /// The path generated code names `tenant_core` by.
    pub krate: Path,
    pub table: Table,
    /// `<Struct>Iden`.
    pub iden: Ident,
    /// Every field that is a column, in field order.
    pub columns: Vec<Column>,
    /// Indices of the primary-key columns in `columns`, in field order.
    pub primary_key: Vec<usize>,
    /// `UNIQUE` constraints: indices into `columns`, never the tenant column (a tenant table's
    /// are led by it).
    pub unique: Vec<Vec<usize>>,
    /// `index = "..."` lists: indices into `columns`, each with whether it is descending; never
    /// the tenant column (a tenant table's are led by it).
    pub indexes: Vec<Vec<(usize, bool)>>,
    /// `#[tenant(from_row)]`: decode rows into the struct on every enabled driver.
    pub from_row: bool,
    /// The skipped fields (no column), with their types: a decoded row gives them their
    /// `Default`.
    pub skipped: Vec<(Ident, Type)>,
}

/// A `TenantScoped`, checked: the shape and what only a tenant table has.
pub struct Model {
    pub base: Base,
    /// Index of the tenant column in `columns`.
    pub tenant: usize,
    /// What the tenant column's foreign key references, if not `organizations(id)`.
    pub organizations: Option<Organizations>,
    pub on_delete_cascade: bool,
    /// `#[tenant(one_per_organization)]`: keyed by the tenant column alone.
    pub one_per_organization: bool,
    /// Fields that reference another tenant-scoped struct.
    pub references: Vec<Reference>,
}

impl std::ops::Deref for Model {
    type Target = Base;

    fn deref(&self) -> &Base {
        &self.base
    }
}

/// `schema.name` or `name`.
pub struct Table {
    pub schema: Option<String>,
    pub name: String,
}

/// A field that is a column.
#[derive(Clone)]
pub struct Column {
    /// The field.
    pub member: Ident,
    /// The field's name, without `r#`.
    pub field_name: String,
    pub ty: Type,
    /// The SQL column name.
    pub name: String,
    /// The variant (or, for the tenant column, the associated constant) of `<Struct>Iden`.
    pub variant: Ident,
}

/// `organizations = "schema.table(column)"`.
#[derive(Clone)]
pub struct Organizations {
    pub schema: Option<String>,
    pub table: String,
    pub column: String,
}

/// `#[tenant(references = "Target")]` on the column `column` (an index into `columns`).
pub struct Reference {
    pub column: usize,
    pub target: Path,
}

impl Table {
    /// `schema.table`, or `table`.
    pub fn qualified(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl Base {
    pub fn primary_key(&self) -> impl Iterator<Item = &Column> {
        self.primary_key.iter().map(|&index| &self.columns[index])
    }
}

impl Model {
    pub fn tenant(&self) -> &Column {
        &self.columns[self.tenant]
    }

    /// The columns `set_row` writes: all but the key and the tenant column.
    pub fn update_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != self.tenant && !self.primary_key.contains(index))
            .map(|(_, column)| column)
    }
}
