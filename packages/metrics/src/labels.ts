/**
 * Operation names and error codes come from clients: used as label values unchecked, one client
 * could create a series per request and exhaust Prometheus. A BoundedLabel keeps the first `max`
 * distinct values that look like GraphQL names (or codes) and reports any other as "other".
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly pattern: RegExp = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/,
  ) {}

  value(raw: string | null | undefined, absent = "anonymous"): string {
    if (!raw) return absent;
    if (this.seen.has(raw)) return raw;
    if (!this.pattern.test(raw) || this.seen.size >= this.max) return "other";
    this.seen.add(raw);
    return raw;
  }
}
