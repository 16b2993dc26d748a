import type { Database } from "@floorgraph/db";

/** A comparable description of a database's public schema: tables, columns, indexes, constraints, enums. */
export async function catalogOf(db: Database) {
  const columns = await db.query(
    `select table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, datetime_precision
       from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'
      order by table_name, column_name`,
  );
  const indexes = await db.query(
    `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' and tablename <> '_prisma_migrations' order by indexname`,
  );
  const constraints = await db.query(
    `select rel.relname as table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) as definition
       from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_namespace ns on ns.oid = rel.relnamespace
      where ns.nspname = 'public' and rel.relname <> '_prisma_migrations' order by con.conname`,
  );
  const enums = await db.query(
    `select t.typname, array_to_string(array_agg(e.enumlabel order by e.enumsortorder), ',') as labels
       from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace ns on ns.oid = t.typnamespace
      where ns.nspname = 'public' group by t.typname order by t.typname`,
  );
  return { columns, indexes, constraints, enums };
}
