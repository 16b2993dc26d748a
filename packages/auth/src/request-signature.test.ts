import { describe, expect, it } from "vitest";
import { signRequestBody, SIGNATURE_TOLERANCE_MS, socketSignaturePayload, verifyRequestSignature } from "./index.ts";

const secret = "signing-secret-one-0123456789abcdefgh";
const other = "signing-secret-two-0123456789abcdefgh";
const body = JSON.stringify({ query: "{ __typename }", variables: {} });
const now = 1_780_000_000_000;

describe("request signatures", () => {
  it("verifies a body signed with a listed secret", () => {
    const header = signRequestBody(body, secret, now);
    expect(header).toMatch(/^t=1780000000000,v1=[0-9a-f]{64}$/);
    expect(verifyRequestSignature(header, body, [secret], now)).toBe(true);
    expect(verifyRequestSignature(header, Buffer.from(body), [secret], now + 1000)).toBe(true);
  });

  it("refuses a wrong secret, a tampered body or timestamp, and junk", () => {
    const header = signRequestBody(body, secret, now);
    expect(verifyRequestSignature(header, body, [other], now)).toBe(false);
    expect(verifyRequestSignature(header, body.replace("__typename", "__schema"), [secret], now)).toBe(false);
    expect(verifyRequestSignature(header.replace(`t=${now}`, `t=${now + 1}`), body, [secret], now)).toBe(false);
    expect(verifyRequestSignature(header.replace(/v1=./, "v1=0"), body, [secret], now)).toBe(false);
    for (const junk of [undefined, "", "t=1", "v1=abc", `t=${now}`, "garbage", ["a", "b"], `t=${now},v1=${"0".repeat(64)}`]) {
      expect(verifyRequestSignature(junk as never, body, [secret], now)).toBe(false);
    }
    expect(verifyRequestSignature(header, body, [], now)).toBe(false);
  });

  it("refuses a signature older or newer than the replay window", () => {
    const header = signRequestBody(body, secret, now);
    expect(verifyRequestSignature(header, body, [secret], now + SIGNATURE_TOLERANCE_MS)).toBe(true);
    expect(verifyRequestSignature(header, body, [secret], now + SIGNATURE_TOLERANCE_MS + 1)).toBe(false);
    expect(verifyRequestSignature(header, body, [secret], now - SIGNATURE_TOLERANCE_MS - 1)).toBe(false);
  });

  it("rotates without downtime: the old secret verifies while it is still listed", () => {
    const signedWithOld = signRequestBody(body, secret, now);
    const signedWithNew = signRequestBody(body, other, now);
    // During rotation the verifiers list both (new first: it signs).
    expect(verifyRequestSignature(signedWithOld, body, [other, secret], now)).toBe(true);
    expect(verifyRequestSignature(signedWithNew, body, [other, secret], now)).toBe(true);
    // Once the old secret is dropped, its signatures are refused.
    expect(verifyRequestSignature(signedWithOld, body, [other], now)).toBe(false);
  });

  it("binds a socket signature to the token it was made for", () => {
    const header = signRequestBody(socketSignaturePayload("Bearer a"), secret, now);
    expect(verifyRequestSignature(header, socketSignaturePayload("Bearer a"), [secret], now)).toBe(true);
    expect(verifyRequestSignature(header, socketSignaturePayload("Bearer b"), [secret], now)).toBe(false);
    expect(verifyRequestSignature(header, socketSignaturePayload(undefined), [secret], now)).toBe(false);
  });
});
