"""An index for lists ordered newest first with the undated last, on SQLite and PostgreSQL."""

from django.db import models


class NullsLastIndex(models.Index):
    """An index whose descending fields ("-field") keep NULLs last, as an ordering by
    `F(field).desc(nulls_last=True)` asks, so the database walks the index instead of
    sorting the rows. PostgreSQL puts NULLs first in a descending index unless told;
    SQLite already puts them last there (NULL is its smallest value) and refuses NULLS LAST
    in an index, so it gets the plain index."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index: models.Index = self
        if not schema_editor.connection.features.order_by_nulls_first:
            # Only where NULLs can be: an ordering by a NOT NULL column keeps the plain
            # DESC (NULLS FIRST), and PostgreSQL matches the words, not the constraint.
            index = self.clone()
            index.fields_orders = [
                (
                    name,
                    f"{order} NULLS LAST" if order and model._meta.get_field(name).null else order,
                )
                for name, order in self.fields_orders
            ]
        return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)
