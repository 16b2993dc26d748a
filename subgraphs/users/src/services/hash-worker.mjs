// Runs in a worker thread of the password pool (passwords.ts): scrypt blocks this thread, not the
// service's event loop nor libuv's shared threadpool (where DNS lookups and file I/O queue).
// Plain JavaScript so the worker loads the same under tsx, vitest and a build.
import { scryptSync } from "node:crypto";

export default function derive({ password, salt, keyLength, N, r, p, maxmem }) {
  return scryptSync(password, Buffer.from(salt), keyLength, { N, r, p, maxmem });
}
