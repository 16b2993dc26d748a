/**
 * Counts the SQL statements a service sends, from Prisma's query events. Tests use it to prove
 * that batching keeps the number of statements flat as a result grows (no N+1).
 */
export class QueryCounter {
  readonly statements: string[] = [];

  record(sql: string): void {
    // Prisma reports the driver's implicit COMMIT of a batched read as a pseudo-statement.
    if (sql.startsWith("-- Implicit")) return;
    this.statements.push(sql);
  }

  get count(): number {
    return this.statements.length;
  }

  reset(): void {
    this.statements.length = 0;
  }
}
